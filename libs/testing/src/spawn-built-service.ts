import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

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
  /** SIGTERM, as from the kubelet, then SIGKILL past the grace period; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

export interface SpawnBuiltServiceOptions {
  /** Node's own flags; `--enable-source-maps` by default, as the image runs it. */
  nodeArgs?: string[];
  /** Wraps the command line, e.g. to run it in a namespace of its own. */
  wrap?: (command: string[]) => string[];
  /** Keep only this many log lines (a long run logs a line per request). */
  keepLines?: number;
  /** Each line it prints, as it prints it (a benchmark shows its warnings live). */
  onLine?: (line: string) => void;
  /**
   * Listen on this port instead of a free one, and count it started once /readyz answers 200
   * rather than when it logs that it listens: that works at any LOG_LEVEL (a benchmark runs at
   * warn, as a line per request would be part of what it measures).
   */
  port?: number;
}

/** What a SIGTERM waits for before it kills. */
const STOP_GRACE_MS = 15_000;
/** How often /readyz is asked while a service on a given port starts, and for how long. */
const READY_POLL_MS = 100;
const READY_TIMEOUT_MS = 90_000;
const running = new Set<ChildProcess>();

/**
 * Runs a service's built bundle (`dist/main.js`, what its image runs) as its own process on a
 * free port, and resolves once it logs that it listens: a kill is then a real crash, an exit is
 * seen, and its memory is its own. Environment: PATH, PORT=0 (or options.port), JSON logs at
 * info, then `env`. stopBuiltServices() stops every one still running (the test files' entry
 * point, @podlab/testing/built-service, does so after each file). Build first:
 * `nx run-many -t build`.
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
    env: {
      PATH: process.env.PATH,
      PORT: String(options.port ?? 0),
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      ...env,
    },
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
        options.onLine?.(line);
        const match = /"port":(\d+).*"msg":"[\w-]+ listening"/.exec(line);
        if (match && options.port === undefined) resolve(Number(match[1]));
      });
    }
    if (options.port !== undefined)
      void untilReady(options.port, () => exit !== undefined).then(resolve, reject);
    void exited.then(() =>
      reject(new Error(`${name} ${exit} before it was started:\n${logs.join('\n')}`)),
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
    stop: (graceMs) => stopChild(child, graceMs),
  };
}

/** Stops every built service still running, each as BuiltService.stop does. */
export async function stopBuiltServices(): Promise<void> {
  await Promise.all([...running].map((child) => stopChild(child)));
}

async function stopChild(child: ChildProcess, graceMs = STOP_GRACE_MS): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  const [code] = (await exited) as [number | null];
  clearTimeout(timer);
  return code;
}

/** Resolves with the port once its /readyz answers 200; leaves an exit to the caller's reject. */
async function untilReady(port: number, gone: () => boolean): Promise<number> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!gone()) {
    if (Date.now() > deadline)
      throw new Error(`port ${port}: /readyz did not answer 200 within ${READY_TIMEOUT_MS} ms`);
    try {
      const answer = await fetch(`http://127.0.0.1:${port}/readyz`);
      await answer.arrayBuffer();
      if (answer.ok) return port;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
  }
  return new Promise(() => undefined); // the exit rejects instead
}
