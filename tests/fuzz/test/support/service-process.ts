import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

export const SERVICES = ['auth', 'todo', 'chat', 'producer', 'consumer'] as const;
export type ServiceName = (typeof SERVICES)[number];

const LINES_KEPT = 60;

export interface ServiceProcess {
  name: ServiceName;
  url: string;
  pid: number;
  /** Set once the process exited, with its code or signal. */
  exit: string | undefined;
  /** The last lines it printed, for failure messages. */
  recentLogs(): string;
  /** Resident memory now, in bytes (Linux /proc). */
  rssBytes(): number;
}

const running = new Set<ChildProcess>();
afterAll(async () => {
  // SIGTERM, as the kubelet would: each drains and exits.
  await Promise.all(
    [...running].map(async (child) => {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }),
  );
});

/**
 * Runs a service's built bundle — what its image runs — as its own process on a free port,
 * and resolves when it listens. A separate process per service means a crash is seen as an
 * exit, and each service's memory is its own.
 */
export async function startServiceProcess(
  name: ServiceName,
  env: Record<string, string>,
): Promise<ServiceProcess> {
  const root = dirname(fileURLToPath(import.meta.resolve(`@podlab/${name}/package.json`)));
  // As the image runs it; FUZZ_NO_SOURCE_MAPS=1 measures what the source map costs in memory.
  const sourceMaps = process.env.FUZZ_NO_SOURCE_MAPS ? [] : ['--enable-source-maps'];
  const child = spawn(process.execPath, [...sourceMaps, join(root, 'dist/main.js')], {
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      POD_NAME: `${name}-fuzz`,
      ...(process.env.FUZZ_NODE_OPTIONS ? { NODE_OPTIONS: process.env.FUZZ_NODE_OPTIONS } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const recent: string[] = [];
  let exit: string | undefined;
  void once(child, 'exit').then(([code, signal]) => {
    running.delete(child);
    exit = `exited (code ${code}, signal ${signal})`;
  });
  const port = new Promise<number>((resolve, reject) => {
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream! }).on('line', (line) => {
        recent.push(line);
        if (recent.length > LINES_KEPT) recent.shift();
        const match = /"port":(\d+)/.exec(line);
        if (match) resolve(Number(match[1]));
      });
    }
    child.once('exit', () =>
      reject(new Error(`${name} ${exit} before listening:\n${recent.join('\n')}`)),
    );
  });
  const listening = await port;
  return {
    name,
    url: `http://127.0.0.1:${listening}`,
    pid: child.pid!,
    get exit() {
      return exit;
    },
    recentLogs: () => recent.join('\n'),
    rssBytes: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'latin1');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    },
  };
}
