import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

const READY_LINE = /\[start\] podlab is running: (http:\/\/localhost:\d+)/;
const LINES_KEPT = 40;

export interface RunningStack {
  /** What a newcomer opens: the router serving the built frontend and every /api/<service>. */
  url: string;
  /** SIGTERM, as Ctrl-C would: the stack drains its services, then stops its broker and database. */
  stop(): Promise<void>;
}

export interface StartStackOptions {
  root: string;
  port: number;
  dataDir: string;
  /** Everything the stack and its services print goes here (kept for a failed run). */
  logFile: string;
  timeoutMs: number;
}

/**
 * Runs what `npm start` runs after its build — node scripts/local-stack/dist/start.js — with
 * its own port and data folder, and resolves once it prints that podlab is running.
 */
export async function startLocalStack(options: StartStackOptions): Promise<RunningStack> {
  const startScript = join(options.root, 'scripts', 'local-stack', 'dist', 'start.js');
  const frontendIndex = join(options.root, 'frontend', 'dist', 'index.html');
  for (const built of [startScript, frontendIndex]) {
    if (!existsSync(built))
      throw new Error(`${built} is missing: build first (npx nx run-many -t build)`);
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(options.port),
    PODLAB_DATA_DIR: options.dataDir,
    LOG_FORMAT: 'json',
  };
  // A broker or database named by the environment would be shared: this stack's counts must start at zero.
  delete env.AMQP_URL;
  delete env.MYSQL_ADMIN_URL;

  const child = spawn(process.execPath, ['--enable-source-maps', startScript], {
    cwd: options.root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  // If the test run itself ends without its teardown, the stack still gets its SIGTERM and drains.
  const stopOnExit = () => child.kill('SIGTERM');
  process.once('exit', stopOnExit);
  const recent: string[] = [];
  const log = createWriteStream(options.logFile);
  const ready = new Promise<string>((resolve) => {
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        log.write(`${line}\n`);
        recent.push(line);
        if (recent.length > LINES_KEPT) recent.shift();
        const match = READY_LINE.exec(line);
        if (match?.[1]) resolve(match[1]);
      });
    }
  });

  const lastLines = () => recent.join('\n') || '(no output)';
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    ready.then((url) => ({ url })),
    exited.then(([code, signal]) => ({ exited: `exited (code ${code}, signal ${signal})` })),
    new Promise<{ timedOut: true }>((resolve) => {
      timer = setTimeout(() => resolve({ timedOut: true }), options.timeoutMs);
    }),
  ]);
  clearTimeout(timer);

  const stop = async () => {
    process.removeListener('exit', stopOnExit);
    await stopChild(child, exited);
    log.end();
  };
  if ('url' in outcome) return { url: outcome.url, stop };
  await stop();
  const why =
    'exited' in outcome ? outcome.exited : `was not running after ${options.timeoutMs / 1000} s`;
  throw new Error(
    `The local stack ${why}. Last lines (all in ${options.logFile}):\n${lastLines()}`,
  );
}

/** The stack stops its services and servers on SIGTERM; SIGKILL only if that hangs. */
async function stopChild(
  child: ChildProcess,
  exited: Promise<unknown>,
  graceMs = 60_000,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
