// The container engine podlab's image scripts and tests use: Docker when a Docker engine
// answers, else podman. Everything goes through `run`/`capture` so podman always gets the
// repository's containers.conf (see docker/podman/containers.conf).
import { spawnSync, type StdioOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Two folders up from this file, and from benchmarks/dist/, where bench:images bundles it.
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const podmanConf = join(repoRoot, 'docker/podman/containers.conf');

export interface Engine {
  name: 'docker' | 'podman';
  env: NodeJS.ProcessEnv;
}

const onPath = (bin: string) =>
  (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, bin)));

/** Thrown when no engine is installed; its message is the one line `npm run images` prints. */
export class NoEngineError extends Error {}

/**
 * Picks the engine. PODLAB_ENGINE=docker|podman forces one. A `docker` client without a running
 * engine (common on CI machines) does not count.
 */
export function detectEngine(): Engine {
  const forced = process.env.PODLAB_ENGINE;
  const dockerWorks = () =>
    onPath('docker') &&
    spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 15_000 }).status === 0;
  if (forced === 'docker' || (!forced && dockerWorks()))
    return { name: 'docker', env: process.env };
  if (forced === 'podman' || onPath('podman')) {
    // The repository's settings need runc; a podman set up otherwise (or a CONTAINERS_CONF of the
    // user's own) is left alone.
    const useOurs =
      !process.env.CONTAINERS_CONF && (onPath('runc') || existsSync('/usr/sbin/runc'));
    return {
      name: 'podman',
      env: useOurs ? { ...process.env, CONTAINERS_CONF: podmanConf } : process.env,
    };
  }
  throw new NoEngineError(
    onPath('docker')
      ? 'The docker client is installed but no Docker engine answers (`docker info` fails): start Docker, or install podman (Debian/Ubuntu: apt-get install podman runc).'
      : 'No container engine found: install podman (Debian/Ubuntu: apt-get install podman runc) or Docker.',
  );
}

/**
 * Runs `engine args...`, output to the terminal (or `stdio`). Throws with the command line when
 * it exits non-zero, unless `allowFailure`.
 */
export function run(
  engine: Engine,
  args: string[],
  {
    stdio = 'inherit',
    allowFailure = false,
    input,
    timeout,
  }: { stdio?: StdioOptions; allowFailure?: boolean; input?: string; timeout?: number } = {},
): number | null {
  const result = spawnSync(engine.name, args, {
    stdio: input === undefined ? stdio : ['pipe', stdio as 'inherit', stdio as 'inherit'],
    input,
    env: engine.env,
    timeout,
    maxBuffer: 64 << 20,
  });
  if (!allowFailure && result.status !== 0) {
    throw new Error(
      `${engine.name} ${args.join(' ')} exited with ${result.status ?? result.signal}${result.error ? ` (${result.error.message})` : ''}`,
    );
  }
  return result.status;
}

/** Runs `engine args...` and returns its trimmed stdout; throws with stderr on failure. */
export function capture(
  engine: Engine,
  args: string[],
  { allowFailure = false }: { allowFailure?: boolean } = {},
): string {
  const result = spawnSync(engine.name, args, {
    encoding: 'utf8',
    env: engine.env,
    maxBuffer: 64 << 20,
  });
  if (!allowFailure && result.status !== 0) {
    throw new Error(
      `${engine.name} ${args.join(' ')} exited with ${result.status ?? result.signal}: ${(result.stderr ?? '').trim()}`,
    );
  }
  return (result.stdout ?? '').trim();
}

export const imageExists = (engine: Engine, ref: string) =>
  spawnSync(engine.name, ['image', 'inspect', ref], { stdio: 'ignore', env: engine.env }).status ===
  0;

/** The image's uncompressed size in bytes, as `images` lists it. */
export const imageSize = (engine: Engine, ref: string) =>
  Number(capture(engine, ['image', 'inspect', '--format', '{{.Size}}', ref]));

export const formatMiB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** What the cluster's restricted securityContext amounts to for `run`: read-only root, a writable /tmp, no capabilities. */
export const HARDENED_RUN_FLAGS = [
  '--read-only',
  '--tmpfs',
  '/tmp',
  '--cap-drop',
  'ALL',
  '--security-opt',
  'no-new-privileges',
];
