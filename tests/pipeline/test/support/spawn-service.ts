import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

export interface ServiceProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Every log line the service printed, for assertions and for failure messages. */
  logs: string[];
  exited: Promise<number | null>;
  signal(signal: NodeJS.Signals): void;
}

const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Runs a service's built bundle (what the image runs) as its own process on a free port and
 * resolves when it listens. Killing it is then a real crash, not a simulated one.
 */
export async function spawnService(
  name: 'producer' | 'consumer',
  env: Record<string, string>,
): Promise<ServiceProcess> {
  const root = dirname(fileURLToPath(import.meta.resolve(`@podlab/${name}/package.json`)));
  const child = spawn(process.execPath, ['--enable-source-maps', join(root, 'dist/main.js')], {
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_MS: '20000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const logs: string[] = [];
  const exited = once(child, 'exit').then(([code]) => {
    running.delete(child);
    return code as number | null;
  });
  const port = await new Promise<number>((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        logs.push(line);
        const match = /"port":(\d+).*"msg":"\w+ listening"/.exec(line);
        if (match) resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    void exited.then((code) =>
      reject(new Error(`${name} exited with ${code} before listening:\n${logs.join('\n')}`)),
    );
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    logs,
    exited,
    signal: (s) => child.kill(s),
  };
}
