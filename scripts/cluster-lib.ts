// Shared by the cluster scripts (cluster-k3d, cluster-minikube, cluster-smoke, cluster-down):
// tool checks that fail early naming what is missing, a progress line per step, and the deploy
// steps that follow a cluster's creation (images, their hand-over, the overlay, the rollouts).
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectEngine } from './lib/container-engine.ts';
import { KUBERNETES_VERSION, MIN_KUBERNETES, supported } from './lib/cluster-versions.ts';
import { saveImages } from './lib/save-images.ts';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const NAMESPACE = 'podlab';
export const CLUSTER_NAME = process.env.PODLAB_CLUSTER ?? 'podlab';
/**
 * How long a new cluster gets for MySQL and RabbitMQ: pulling both images and MySQL's first
 * initialisation often take longer than 2 minutes. The services' init containers wait at least
 * 5 minutes for them (k8s/<service>/deployment.yaml: WAIT_TRIES 150, 2 s apart) before giving up.
 */
export const FIRST_BOOT_SECONDS = 600;

/** Where to get each tool, for the message when it is missing. */
export const INSTALL: Record<string, string> = {
  kubectl: 'https://kubernetes.io/docs/tasks/tools/',
  k3d: 'https://k3d.io/#installation',
  minikube: 'https://minikube.sigs.k8s.io/docs/start/',
  docker: 'https://docs.docker.com/engine/install/',
  podman: 'Debian/Ubuntu: apt-get install podman runc',
};

export class MissingToolError extends Error {}

export const onPath = (bin: string, path = process.env.PATH ?? '') =>
  path.split(delimiter).some((dir) => dir && existsSync(join(dir, bin)));

/**
 * Fails before doing anything when a tool is missing. `tools` lists names, or alternatives as
 * arrays (['docker', 'podman']: either will do). Returns the first present alternative of each.
 */
export function requireTools(
  command: string,
  tools: (string | string[])[],
  path = process.env.PATH ?? '',
): string[] {
  const found: string[] = [];
  const missing: string[] = [];
  for (const tool of tools) {
    const options = Array.isArray(tool) ? tool : [tool];
    const present = options.find((bin) => onPath(bin, path));
    if (present) found.push(present);
    else
      missing.push(
        options.map((bin) => `${bin} (${INSTALL[bin] ?? 'see its documentation'})`).join(' or '),
      );
  }
  if (missing.length > 0)
    throw new MissingToolError(
      `${command} needs ${missing.join(', and ')}: not found on PATH. Install it, then run ${command} again.`,
    );
  return found;
}

/** Progress: `[2/7] building the images`. */
export function stepper(total: number) {
  let n = 0;
  return (text: string) => console.log(`[${++n}/${total}] ${text}`);
}

/** Runs a command with its output on the terminal; throws naming the command when it fails. */
export function run(cmd: string, args: string[], options: SpawnSyncOptions = {}): void {
  const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: repoRoot, ...options });
  if (result.error) throw new Error(`${cmd} could not start: ${result.error.message}`);
  if (result.status !== 0)
    throw new Error(`\`${[cmd, ...args].join(' ')}\` failed (exit ${result.status})`);
}

/** Runs a command quietly and says whether it succeeded (for "does the cluster exist?"). */
export const succeeds = (cmd: string, args: string[]) =>
  spawnSync(cmd, args, { stdio: 'ignore', cwd: repoRoot }).status === 0;

/**
 * Saves every podlab image (scripts/lib/image-list.ts, fully qualified names) to one tar file,
 * with the engine that built them, and hands it to `load(tarPath)`: `npm run images:save` does
 * the same for the by-hand steps.
 */
function withImageArchive(load: (tarPath: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'podlab-images-'));
  const tar = join(dir, 'images.tar');
  try {
    saveImages(detectEngine(), tar);
    load(tar);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Fails early when an existing cluster runs a release older than podlab supports, naming both
 * and what to do (a new cluster gets KUBERNETES_VERSION).
 */
export function requireServerVersion(context: string, recreate: string): string {
  const out = spawnSync('kubectl', ['--context', context, 'version', '--output=json'], {
    encoding: 'utf8',
    cwd: repoRoot,
  });
  let version: string | undefined;
  try {
    version = JSON.parse(out.stdout).serverVersion?.gitVersion;
  } catch {
    version = undefined;
  }
  if (!version)
    throw new Error(
      `the cluster (kubectl context ${context}) does not answer: ${(out.stderr ?? '').trim() || 'no server version'}`,
    );
  if (!supported(version)) {
    throw new Error(
      `the cluster runs Kubernetes ${version}; podlab needs ${MIN_KUBERNETES} or newer (the scripts create ${KUBERNETES_VERSION}): delete it with \`${recreate}\` and run this again`,
    );
  }
  return version;
}

/** Every object of these kinds in the namespace, as `kind/name`. */
function namesOf(context: string, kinds: string): string[] {
  const list = spawnSync(
    'kubectl',
    ['--context', context, '-n', NAMESPACE, 'get', kinds, '-o', 'name'],
    { encoding: 'utf8', cwd: repoRoot },
  );
  if (list.status !== 0)
    throw new Error(`kubectl get ${kinds} failed: ${(list.stderr ?? '').trim()}`);
  return list.stdout.split('\n').filter(Boolean);
}

/** The parts of a pod (`kubectl get pods -o json`) that say why it is not ready. */
interface Pod {
  metadata: { name: string };
  status?: {
    phase?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    initContainerStatuses?: ContainerStatus[];
    containerStatuses?: ContainerStatus[];
  };
}
interface ContainerStatus {
  name: string;
  ready: boolean;
  state?: {
    waiting?: { reason?: string };
    terminated?: { reason?: string };
    running?: object;
  };
}

/** What keeps each pod that is not ready: `consumer-7d9 Init:CrashLoopBackOff (wait-for-deps)`. */
export function notReadyPods(context: string): string[] {
  const out = spawnSync(
    'kubectl',
    ['--context', context, '-n', NAMESPACE, 'get', 'pods', '-o', 'json'],
    { encoding: 'utf8', cwd: repoRoot },
  );
  let pods: Pod[] = [];
  try {
    pods = JSON.parse(out.stdout).items ?? [];
  } catch {
    return [];
  }
  return pods
    .filter(
      (pod) =>
        !(pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
    )
    .map((pod) => {
      const init = (pod.status?.initContainerStatuses ?? []).find((c) => !c.ready);
      const main = (pod.status?.containerStatuses ?? []).find((c) => !c.ready);
      const stuck = init ?? main;
      const reason =
        stuck?.state?.waiting?.reason ??
        stuck?.state?.terminated?.reason ??
        (stuck?.state?.running ? 'Running, not ready' : undefined);
      const condition = (pod.status?.conditions ?? []).find(
        (c) => c.status === 'False' && c.reason,
      );
      const why = reason
        ? `${init ? 'Init:' : ''}${reason} (${stuck?.name})`
        : (condition?.reason ?? pod.status?.phase ?? 'unknown');
      return `${pod.metadata.name} ${why}${condition?.reason === 'Unschedulable' ? `: ${condition.message}` : ''}`;
    });
}

/**
 * Waits for the StatefulSets first (MySQL and RabbitMQ: image pulls and MySQL's first
 * initialisation take minutes on a new cluster), then every Deployment, whose init containers
 * wait for those. On a timeout the message names what is still missing and why.
 */
export function waitForRollouts(
  context: string,
  { statefulSetTimeout = FIRST_BOOT_SECONDS, deploymentTimeout = 300 } = {},
): void {
  const steps: [string, number][] = [
    ...namesOf(context, 'statefulsets').map((name): [string, number] => [name, statefulSetTimeout]),
    ...namesOf(context, 'deployments').map((name): [string, number] => [name, deploymentTimeout]),
  ];
  for (const [name, seconds] of steps) {
    console.log(`      waiting for ${name} (up to ${seconds} s)`);
    const result = spawnSync(
      'kubectl',
      ['--context', context, '-n', NAMESPACE, 'rollout', 'status', name, `--timeout=${seconds}s`],
      { stdio: 'inherit', cwd: repoRoot },
    );
    if (result.status !== 0) {
      const pods = notReadyPods(context);
      throw new Error(
        [
          `${name} is not ready after ${seconds} s.`,
          ...(pods.length ? ['Still not ready:', ...pods.map((p) => `  ${p}`)] : []),
          `Look closer: kubectl --context ${context} -n ${NAMESPACE} describe pod <name>; logs of an init container: kubectl --context ${context} -n ${NAMESPACE} logs <pod> -c wait-for-deps`,
          'A first boot that is only slow heals by itself: run the same command again to keep waiting.',
        ].join('\n'),
      );
    }
  }
}

export interface ClusterDeployment {
  /** The kubectl context that reaches the cluster. */
  context: string;
  /** The kustomize overlay to apply, from the repository root (kustomize/overlays/<cluster>). */
  overlay: string;
  /** How the cluster takes the images: the command, for the progress line, and its call. */
  importImages: { by: string; load: (tarPath: string) => void };
}

/**
 * Everything after the cluster is up, four steps of `step`: build the images, hand them to the
 * cluster, apply the overlay, and wait for every rollout.
 */
export function deployToCluster(
  step: (text: string) => void,
  { context, overlay, importImages }: ClusterDeployment,
): void {
  step('building the images (npm run images)');
  run('npm', ['run', 'images']);

  step(`importing the images into the cluster (${importImages.by})`);
  withImageArchive(importImages.load);

  step(`applying ${overlay}`);
  run('kubectl', ['--context', context, 'apply', '-k', overlay]);

  step('waiting for every rollout');
  waitForRollouts(context);
}

/** Runs main(); a MissingToolError or a failed step ends with its one-line message and exit 1. */
export async function main(fn: () => void | Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    console.error(`\n${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
