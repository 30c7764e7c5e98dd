import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

export interface BuiltService {
  url: string;
  port: number;
  child: ChildProcess;
  /** The lines it printed (stdout and stderr; the last `keepLines`), for assertions and failure messages. */
  logs: string[];
  /** Resolves with the exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  /** Set once it exited: its code or signal, in words. */
  readonly exit: string | undefined;
}

export interface SpawnBuiltServiceOptions {
  /** Node's own flags; `--enable-source-maps` by default, as the image runs it. */
  nodeArgs?: string[];
  /** Wraps the command line, e.g. to run it in a namespace of its own. */
  wrap?: (command: string[]) => string[];
  /** Keep only this many log lines (a long run logs a line per request). */
  keepLines?: number;
}

/** What a SIGTERM at the end of the file waits for before it kills. */
const STOP_GRACE_MS = 15_000;
const running = new Set<ChildProcess>();
// Registered when a test file imports this entry point, as vitest wants hooks: at the top level.
afterAll(stopAll);

/**
 * Runs a service's built bundle (`dist/main.js`, what its image runs) as its own process on a
 * free port, and resolves once it logs that it listens: a kill is then a real crash, an exit is
 * seen, and its memory is its own. Environment: PATH, PORT=0, JSON logs at info, then `env`.
 * After the file's tests each one still running gets SIGTERM, as from the kubelet, then SIGKILL.
 * Build first: `nx run-many -t build`.
 */
export async function spawnBuiltService(
  name: string,
  env: Record<string, string>,
  options: SpawnBuiltServiceOptions = {},
): Promise<BuiltService> {
  const root = dirname(fileURLToPath(import.meta.resolve(`@podlab/${name}/package.json`)));
  const node = [
    process.execPath,
    ...(options.nodeArgs ?? ['--enable-source-maps']),
    join(root, 'dist/main.js'),
  ];
  const [command = process.execPath, ...args] = options.wrap ? options.wrap(node) : node;
  const child = spawn(command, args, {
    env: { PATH: process.env.PATH, PORT: '0', LOG_FORMAT: 'json', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const logs: string[] = [];
  let exit: string | undefined;
  const exited = once(child, 'exit').then(([code, signal]) => {
    running.delete(child);
    exit = `exited (code ${code}, signal ${signal})`;
    return code as number | null;
  });
  const port = await new Promise<number>((resolve, reject) => {
    for (const input of [child.stdout, child.stderr]) {
      if (!input) continue;
      createInterface({ input }).on('line', (line) => {
        logs.push(line);
        if (options.keepLines !== undefined && logs.length > options.keepLines) logs.shift();
        const match = /"port":(\d+).*"msg":"[\w-]+ listening"/.exec(line);
        if (match) resolve(Number(match[1]));
      });
    }
    void exited.then(() =>
      reject(new Error(`${name} ${exit} before listening:\n${logs.join('\n')}`)),
    );
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    logs,
    exited,
    get exit() {
      return exit;
    },
  };
}

async function stopAll(): Promise<void> {
  await Promise.all(
    [...running].map(async (child) => {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }),
  );
}
