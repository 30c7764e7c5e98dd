import { join, relative } from 'node:path';
import {
  startMariaDb,
  startRabbitMq,
  type MariaDbServer,
  type RabbitMqServer,
} from '@podlab/testing';

export interface Infrastructure {
  amqpUrl: string;
  mysqlAdminUrl: string;
  stop(): Promise<void>;
}

/**
 * The broker and database server: the ones the environment names (AMQP_URL, MYSQL_ADMIN_URL),
 * else private ones started from the installed binaries, with their data kept under .data/.
 */
export async function startInfrastructure(
  dataDir: string,
  log: (line: string) => void,
): Promise<Infrastructure> {
  const started: (RabbitMqServer | MariaDbServer)[] = [];
  const stop = async () => {
    await Promise.all(started.map((server) => server.dispose()));
  };
  // Both start side by side; if one fails, the other is still waited for, so it can be stopped
  // rather than left starting (and then running) behind a failed npm start.
  const [broker, database] = await Promise.allSettled([
    process.env.AMQP_URL ??
      (async () => {
        log(
          `starting a private RabbitMQ (data in ${relative(process.cwd(), join(dataDir, 'rabbitmq'))}; set AMQP_URL to use your own)`,
        );
        const server = await startRabbitMq({ name: 'local', dataDir: join(dataDir, 'rabbitmq') });
        started.push(server);
        return server.url;
      })(),
    process.env.MYSQL_ADMIN_URL ??
      (async () => {
        log(
          `starting a private MariaDB (data in ${relative(process.cwd(), join(dataDir, 'mariadb'))}; set MYSQL_ADMIN_URL to use your own)`,
        );
        const server = await startMariaDb({ name: 'local', dataDir: join(dataDir, 'mariadb') });
        started.push(server);
        return server.adminUrl;
      })(),
  ]);
  if (broker.status === 'rejected' || database.status === 'rejected') {
    await stop();
    throw (broker.status === 'rejected' ? broker : (database as PromiseRejectedResult)).reason;
  }
  return { amqpUrl: broker.value, mysqlAdminUrl: database.value, stop };
}
