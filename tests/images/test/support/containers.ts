import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { engineLib } from './scripts.js';
import { TEST_LABEL } from './names.js';

const { capture, detectEngine, run } = engineLib;

export const engine = detectEngine();

/** The flags the cluster's securityContext amounts to (shared with `npm run bench:images`). */
export const HARDENED = engineLib.HARDENED_RUN_FLAGS;

export interface RunOptions {
  name: string;
  image: string;
  env?: Record<string, string>;
  /** Engine flags before the image: network, ports, user. */
  flags?: string[];
}

/** Starts a detached, hardened, labelled container; its config comes from `env` only. */
export function startContainer({ name, image, env = {}, flags = [] }: RunOptions): void {
  const envFlags = Object.entries(env).flatMap(([key, value]) => ['--env', `${key}=${value}`]);
  run(
    engine,
    [
      'run',
      '--detach',
      '--name',
      name,
      '--label',
      TEST_LABEL,
      ...HARDENED,
      ...flags,
      ...envFlags,
      image,
    ],
    { stdio: 'ignore' },
  );
}

/** Removes the given containers (ours by name), whatever state they are in. */
export function removeContainers(names: string[]): void {
  if (names.length > 0)
    run(engine, ['rm', '--force', '--time', '0', ...names], {
      stdio: 'ignore',
      allowFailure: true,
    });
}

/**
 * `stop` with a grace period: the engine sends the image's STOPSIGNAL, then SIGKILL when the
 * period runs out. Returns how long it took and the exit code the container reported.
 */
export function stopContainer(
  name: string,
  graceSeconds: number,
): { seconds: number; exitCode: number } {
  const started = process.hrtime.bigint();
  run(engine, ['stop', '--time', String(graceSeconds), name], { stdio: 'ignore' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const exitCode = Number(capture(engine, ['inspect', '--format', '{{.State.ExitCode}}', name]));
  return { seconds, exitCode };
}

export const logsOf = (name: string) => {
  const result = spawnSync(engine.name, ['logs', name], { encoding: 'utf8', env: engine.env });
  return `${result.stdout}${result.stderr}`;
};

export const imageConfig = (ref: string) =>
  JSON.parse(capture(engine, ['image', 'inspect', '--format', '{{json .Config}}', ref])) as {
    User?: string;
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
    StopSignal?: string;
  };

/** Every path in the image's filesystem (a created, never started container, exported). */
export function filesIn(ref: string, name: string): string[] {
  run(engine, ['create', '--name', name, '--label', TEST_LABEL, ref], { stdio: 'ignore' });
  try {
    const out = spawnSync('sh', ['-c', `"$ENGINE" export "$NAME" | tar -tf -`], {
      encoding: 'utf8',
      env: { ...engine.env, ENGINE: engine.name, NAME: name },
      maxBuffer: 64 << 20,
    });
    if (out.status !== 0) throw new Error(`listing ${ref} failed: ${out.stderr}`);
    return out.stdout
      .split('\n')
      .filter(Boolean)
      .map((p) => `/${p.replace(/^\.?\//, '')}`);
  } finally {
    removeContainers([name]);
  }
}

/** Free loopback ports (the kernel's choice), for containers on the host network. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve) => {
          const server = createServer();
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns true; fails naming `what` and the last error. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
      last = undefined;
    } catch (error) {
      last = error;
    }
    await sleep(250);
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`,
  );
}
