// Shared by the cluster scripts (cluster-k3d, cluster-minikube, cluster-smoke, cluster-down):
// tool checks that fail early naming what is missing, a progress line per step, and the image
// hand-over from the local engine to the cluster.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const NAMESPACE = 'podlab';
export const CLUSTER_NAME = process.env.PODLAB_CLUSTER ?? 'podlab';

/** Where to get each tool, for the message when it is missing. */
export const INSTALL = {
  kubectl: 'https://kubernetes.io/docs/tasks/tools/',
  k3d: 'https://k3d.io/#installation',
  minikube: 'https://minikube.sigs.k8s.io/docs/start/',
  docker: 'https://docs.docker.com/engine/install/',
  podman: 'Debian/Ubuntu: apt-get install podman runc',
};

export class MissingToolError extends Error {}

export const onPath = (bin, path = process.env.PATH ?? '') => path.split(delimiter).some((dir) => dir && existsSync(join(dir, bin)));

/**
 * Fails before doing anything when a tool is missing. `tools` lists names, or alternatives as
 * arrays (['docker', 'podman']: either will do). Returns the first present alternative of each.
 */
export function requireTools(command, tools, path = process.env.PATH ?? '') {
  const found = [];
  const missing = [];
  for (const tool of tools) {
    const options = Array.isArray(tool) ? tool : [tool];
    const present = options.find((bin) => onPath(bin, path));
    if (present) found.push(present);
    else missing.push(options.map((bin) => `${bin} (${INSTALL[bin] ?? 'see its documentation'})`).join(' or '));
  }
  if (missing.length > 0) throw new MissingToolError(`${command} needs ${missing.join(', and ')}: not found on PATH. Install it, then run ${command} again.`);
  return found;
}

/** Progress: `[2/7] building the images`. */
export function stepper(total) {
  let n = 0;
  return (text) => console.log(`[${++n}/${total}] ${text}`);
}

/** Runs a command with its output on the terminal; throws naming the command when it fails. */
export function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: repoRoot, ...options });
  if (result.error) throw new Error(`${cmd} could not start: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`\`${[cmd, ...args].join(' ')}\` failed (exit ${result.status})`);
}

/** Runs a command quietly and says whether it succeeded (for "does the cluster exist?"). */
export const succeeds = (cmd, args) => spawnSync(cmd, args, { stdio: 'ignore', cwd: repoRoot }).status === 0;

/** The podlab images `npm run images` builds (its own list). */
export async function imageRefs() {
  const { imageSpecs } = await import('./lib/image-list.mjs');
  return imageSpecs().map((spec) => spec.ref);
}

/** The engine that built the images: docker when its engine answers, else podman. */
export function containerEngine() {
  if (onPath('docker') && succeeds('docker', ['info'])) return 'docker';
  if (onPath('podman')) return 'podman';
  throw new MissingToolError(`no container engine answers: start Docker (${INSTALL.docker}) or install podman (${INSTALL.podman})`);
}

/** Saves the images to one tar file and hands it to `load(tarPath)`; works for docker and podman alike. */
export function withImageArchive(engine, refs, load) {
  const dir = mkdtempSync(join(tmpdir(), 'podlab-images-'));
  const tar = join(dir, 'images.tar');
  try {
    const args = engine === 'podman' ? ['save', '--multi-image-archive', '-o', tar, ...refs] : ['save', '-o', tar, ...refs];
    run(engine, args);
    load(tar);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Waits until every Deployment and StatefulSet in the namespace has rolled out. */
export function waitForRollouts(context) {
  const list = spawnSync('kubectl', ['--context', context, '-n', NAMESPACE, 'get', 'deployments,statefulsets', '-o', 'name'], { encoding: 'utf8', cwd: repoRoot });
  if (list.status !== 0) throw new Error(`kubectl get deployments,statefulsets failed: ${list.stderr.trim()}`);
  for (const name of list.stdout.split('\n').filter(Boolean)) {
    console.log(`      waiting for ${name}`);
    run('kubectl', ['--context', context, '-n', NAMESPACE, 'rollout', 'status', name, '--timeout=300s']);
  }
}

/** Runs main(); a MissingToolError or a failed step ends with its one-line message and exit 1. */
export async function main(fn) {
  try {
    await fn();
  } catch (error) {
    console.error(`\n${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
