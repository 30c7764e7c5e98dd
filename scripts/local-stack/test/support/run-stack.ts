import { spawn, type ChildProcess, type ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { processesMentioning, waitFor } from '@podlab/testing';
import { afterAll } from 'vitest';
import { readStackRecord } from '../../src/stack-record.js';

export const root = fileURLToPath(new URL('../../../..', import.meta.url));
const READY_LINE = /\[start\] podlab is running: (http:\/\/localhost:\d+)/;

export interface StackProcess {
  child: ChildProcess;
  /** Every line the stack and its services printed so far. */
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first line matching, already printed or still to come. */
  line(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** As `line`, but rejects at once, with what it printed last, if the process exits first. */
  lineBeforeExit(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the router's URL once the stack says it is running; rejects if it exits first. */
  running(timeoutMs?: number): Promise<string>;
}

/**
 * A data folder for the whole test file and the list of what the file starts on it. After the
 * file, each of those is killed, then anything still naming the folder, and the folder goes.
 */
export function dataDirForFile(prefix: string): { dataDir: string; started: StackProcess[] } {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const started: StackProcess[] = [];
  afterAll(() => {
    for (const { child } of started) child.kill('SIGKILL');
    for (const { pid } of stackProcesses(dataDir)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { dataDir, started };
}

/** The environment of a stack on its own port and data folder, with its private RabbitMQ and MariaDB. */
function stackEnv(dataDir: string, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    PODLAB_DATA_DIR: dataDir,
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'warn',
  };
  // A broker or database named by the environment is not this stack's to start and stop.
  delete env.AMQP_URL;
  delete env.MYSQL_ADMIN_URL;
  return env;
}

/**
 * Runs what `npm start` runs after its build (scripts/local-stack/dist/start.js) on its own port
 * and data folder, with its private RabbitMQ and MariaDB, as tests/e2e does.
 */
export function runStack(dataDir: string, port: number): StackProcess {
  return runBuilt('start.js', stackEnv(dataDir, port), [join('frontend', 'dist', 'index.html')]);
}

/** Runs what `npm run k8s:control-plane` runs after its build, its state under `dataDir`. */
export function runControlPlane(dataDir: string): StackProcess {
  return runBuilt('control-plane.js', { ...process.env, PODLAB_DATA_DIR: dataDir });
}

/**
 * Runs what `npm run k8s:control-plane` execs, `node scripts/run.mjs control-plane`: the launcher,
 * which runs the runner as its child. `child` is the launcher. It uses the runner npm test built
 * (PODLAB_BUILT, as in runNpm) instead of building it again.
 */
export function runControlPlaneLauncher(dataDir: string): StackProcess {
  return watch(
    spawn(process.execPath, [join('scripts', 'run.mjs'), 'control-plane'], {
      cwd: root,
      env: { ...process.env, PODLAB_DATA_DIR: dataDir, PODLAB_BUILT: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

/** Runs scripts/local-stack/dist/<runner> with node, once it and what it serves are built. */
function runBuilt(runner: string, env: NodeJS.ProcessEnv, alsoBuilt: string[] = []) {
  const script = join(root, 'scripts', 'local-stack', 'dist', runner);
  for (const built of [script, ...alsoBuilt.map((path) => join(root, path))])
    if (!existsSync(built))
      throw new Error(`${built} is missing: build first (npx nx run-many -t build)`);
  return watch(
    spawn(process.execPath, ['--enable-source-maps', script], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

/**
 * Runs `npm start` itself (npm, run.mjs, the build, then the stack), in a process group of its
 * own as a terminal or an IDE would: `child` is the npm process.
 */
export function runNpmStart(dataDir: string, port: number): StackProcess {
  return runNpm(['start'], stackEnv(dataDir, port));
}

/** Runs `npm <args>` from the repository root in a process group of its own, as a terminal or an IDE would. */
export function runNpm(args: string[], env: NodeJS.ProcessEnv): StackProcess {
  return watch(
    spawn('npm', args, {
      cwd: root,
      // npm test built everything first; a build here would rewrite every service's dist/
      // under the services other tests are starting (see scripts/lib/nx-build.ts).
      env: { ...env, PODLAB_BUILT: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    }),
  );
}

/** How the process exited, or a failure naming what it printed last when it is still running. */
export async function exitWithin(stack: StackProcess, timeoutMs: number) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `still running ${timeoutMs} ms after the signal; last lines:\n${stack.lines.slice(-15).join('\n')}`,
          ),
        ),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([stack.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function watch(child: ChildProcessByStdio<null, Readable, Readable>): StackProcess {
  const lines: string[] = [];
  const watchers = new Set<(line: string) => void>();
  for (const stream of [child.stdout, child.stderr])
    createInterface({ input: stream }).on('line', (text) => {
      lines.push(text);
      for (const watcher of watchers) watcher(text);
    });
  const exited = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  const tail = () => lines.slice(-30).join('\n');

  const line = (pattern: RegExp, timeoutMs = 120_000) =>
    new Promise<string>((resolve, reject) => {
      const seen = lines.find((text) => pattern.test(text));
      if (seen !== undefined) return resolve(seen);
      const timer = setTimeout(() => {
        watchers.delete(watcher);
        reject(
          new Error(`no line matching ${pattern} within ${timeoutMs} ms; last lines:\n${tail()}`),
        );
      }, timeoutMs);
      const watcher = (text: string) => {
        if (!pattern.test(text)) return;
        clearTimeout(timer);
        watchers.delete(watcher);
        resolve(text);
      };
      watchers.add(watcher);
    });

  const lineBeforeExit = (pattern: RegExp, timeoutMs?: number) =>
    Promise.race([
      line(pattern, timeoutMs),
      exited.then(({ code, signal }) => {
        throw new Error(
          `exited (code ${code}, signal ${signal}) before printing ${pattern}:\n${tail()}`,
        );
      }),
    ]);
  const running = async (timeoutMs = 150_000) =>
    READY_LINE.exec(await lineBeforeExit(READY_LINE, timeoutMs))?.[1] as string;
  return { child, lines, exited, line, lineBeforeExit, running };
}

/**
 * Every live process that still belongs to the stack of `dataDir` (its folder in their command
 * line or environment). epmd is left out: Erlang's port mapper is one per machine, shared with
 * every other node, and outlives nodes by design.
 */
export function stackProcesses(dataDir: string): { pid: number; command: string }[] {
  return processesMentioning(dataDir).filter((process) => process.command !== 'epmd');
}

export async function expectNothingLeft(dataDir: string, timeoutMs = 90_000): Promise<void> {
  await waitFor(
    `every process of the stack in ${dataDir} to exit`,
    () => stackProcesses(dataDir).length === 0,
    { timeoutMs, intervalMs: 200 },
  ).catch((error: Error) => {
    throw new Error(`${error.message}; still running: ${JSON.stringify(stackProcesses(dataDir))}`);
  });
}

/** The pid of a service instance, as the stack recorded it. */
export function podPid(dataDir: string, pod: string): number {
  const pid = readStackRecord(dataDir)?.services[pod];
  if (pid === undefined) throw new Error(`no ${pod} in ${dataDir}/stack.json`);
  return pid;
}
