import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';

/** Docker or podman on PATH, for the fallback when the server binaries are not installed. */
export function containerEngine(): string | undefined {
  for (const engine of ['docker', 'podman']) {
    // A docker client without an engine behind it answers `info` with an error.
    if (spawnSync(engine, ['info'], { stdio: 'ignore' }).status === 0) return engine;
  }
  return undefined;
}

/**
 * Starts only MySQL and RabbitMQ from docker/compose.yaml (same credentials as its file) and
 * waits for their ports. They keep running after Ctrl-C; `npm run compose:down` stops them.
 */
export async function startComposeServers(
  log: (line: string) => void,
): Promise<{ amqpUrl: string; mysqlAdminUrl: string }> {
  const amqpPort = Number(process.env.PODLAB_AMQP_PORT ?? 5672);
  const mysqlPort = Number(process.env.PODLAB_MYSQL_PORT ?? 3306);
  const status = spawnSync(
    process.execPath,
    ['scripts/run.mjs', 'images-compose', 'up', 'mysql', 'rabbitmq'],
    { stdio: 'inherit' },
  ).status;
  if (status !== 0) throw new Error('starting MySQL and RabbitMQ with compose failed (see above)');
  log(
    `waiting for MySQL on ${mysqlPort} and RabbitMQ on ${amqpPort} (compose containers; npm run compose:down stops them)`,
  );
  await Promise.all([waitForPort(amqpPort), waitForPort(mysqlPort)]);
  return {
    amqpUrl: `amqp://podlab:podlab-dev-password@127.0.0.1:${amqpPort}`,
    mysqlAdminUrl: `mysql://root:podlab-root-dev-password@127.0.0.1:${mysqlPort}`,
  };
}

async function waitForPort(port: number, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs / 1000} s`);
}
