import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * The control plane's binaries, built from source by the Go module in tools/control-plane (one
 * pinned Kubernetes release, etcd at the version that release pins, kwok in its own module).
 * Built once per machine and kept outside git, under a folder keyed by the version and a hash of
 * the modules' go.mod/go.sum, so a version bump builds anew and nothing stale is ever reused.
 */
export interface ControlPlaneBinaries {
  /** e.g. v1.36.3 (k8s.io/kubernetes in tools/control-plane/go.mod). */
  readonly version: string;
  readonly dir: string;
  readonly etcd: string;
  readonly kubeApiserver: string;
  readonly kubeControllerManager: string;
  readonly kubeScheduler: string;
  readonly kubectl: string;
  readonly kwok: string;
  /** kwok's Stage objects (the defaults kwokctl gives it), from the same kwok release. */
  readonly kwokStages: string;
}

const MODULE_DIR = join('tools', 'control-plane');
const KWOK_MODULE_DIR = join(MODULE_DIR, 'kwok');
/** `go build -o dir/ tool` names each binary after its package path; etcd's ends in /v3 → "server". */
const BINARY_NAMES = {
  etcd: 'etcd',
  kubeApiserver: 'kube-apiserver',
  kubeControllerManager: 'kube-controller-manager',
  kubeScheduler: 'kube-scheduler',
  kubectl: 'kubectl',
  kwok: 'kwok',
} as const;
const KWOK_STAGES = 'kwok-stages.yaml';
/**
 * The stages kwokctl configures by default (nodes Ready at once with a heartbeat Lease; pods
 * Ready at once, completed and deleted as a kubelet would), read from kwok's own module.
 */
const KWOK_STAGE_FILES = [
  'kustomize/stage/node/fast/node-initialize.yaml',
  'kustomize/stage/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml',
  'kustomize/stage/pod/fast/pod-ready.yaml',
  'kustomize/stage/pod/fast/pod-complete.yaml',
  'kustomize/stage/pod/fast/pod-delete.yaml',
];

/** The repository root: the nearest folder upwards from `from` that holds tools/control-plane/go.mod. */
export function findRepoRoot(from = process.cwd()): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, MODULE_DIR, 'go.mod'))) return dir;
    if (dirname(dir) === dir)
      throw new Error(
        `${MODULE_DIR}/go.mod was not found above ${from}: run from the podlab repository`,
      );
  }
}

/** $PODLAB_CONTROL_PLANE_CACHE, else $XDG_CACHE_HOME/podlab/control-plane, else ~/.cache/podlab/control-plane. */
export function controlPlaneCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env['PODLAB_CONTROL_PLANE_CACHE']) return resolve(env['PODLAB_CONTROL_PLANE_CACHE']);
  const cacheHome = env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
  return join(cacheHome, 'podlab', 'control-plane');
}

/** The pinned Kubernetes version and the cache folder for this exact set of modules. */
export function controlPlaneBuildKey(root: string): { version: string; dir: string } {
  const goMod = readFileSync(join(root, MODULE_DIR, 'go.mod'), 'utf8');
  const version = /^\s*k8s\.io\/kubernetes\s+(v\S+)/m.exec(goMod)?.[1];
  if (!version) throw new Error(`${MODULE_DIR}/go.mod requires no k8s.io/kubernetes version`);
  const hash = createHash('sha256');
  for (const file of ['go.mod', 'go.sum'])
    for (const dir of [MODULE_DIR, KWOK_MODULE_DIR])
      hash.update(readFileSync(join(root, dir, file)));
  return {
    version,
    dir: join(controlPlaneCacheRoot(), `${version}-${hash.digest('hex').slice(0, 12)}`),
  };
}

function binariesIn(version: string, dir: string): ControlPlaneBinaries {
  const path = (name: string) => join(dir, name);
  return {
    version,
    dir,
    etcd: path(BINARY_NAMES.etcd),
    kubeApiserver: path(BINARY_NAMES.kubeApiserver),
    kubeControllerManager: path(BINARY_NAMES.kubeControllerManager),
    kubeScheduler: path(BINARY_NAMES.kubeScheduler),
    kubectl: path(BINARY_NAMES.kubectl),
    kwok: path(BINARY_NAMES.kwok),
    kwokStages: path(KWOK_STAGES),
  };
}

function allExecutable(binaries: ControlPlaneBinaries): boolean {
  if (!existsSync(binaries.kwokStages)) return false;
  return Object.values(BINARY_NAMES).every((name) => {
    try {
      accessSync(join(binaries.dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The cached binaries if this version is already built, else undefined (nothing is built). */
export function cachedControlPlaneBinaries(
  root = findRepoRoot(),
): ControlPlaneBinaries | undefined {
  const { version, dir } = controlPlaneBuildKey(root);
  const binaries = binariesIn(version, dir);
  return allExecutable(binaries) ? binaries : undefined;
}

export interface BuildOptions {
  root?: string;
  /** Progress lines ("compiled 812 of ~2300 packages"); default: console.log with a prefix. */
  log?: (line: string) => void;
}

/**
 * The control plane's binaries, built first if this version is not cached yet: a cold build
 * compiles ~2,000 packages (tens of minutes on 2 cores), a warm call returns at once. Several
 * processes may call this together: one builds under a lock, the others wait for it.
 */
export async function ensureControlPlaneBinaries(
  options: BuildOptions = {},
): Promise<ControlPlaneBinaries> {
  const root = options.root ?? findRepoRoot();
  const log = options.log ?? ((line: string) => console.log(`[control-plane] ${line}`));
  const { version, dir } = controlPlaneBuildKey(root);
  const binaries = binariesIn(version, dir);
  if (allExecutable(binaries)) return binaries;

  const go = findGo();
  mkdirSync(dirname(dir), { recursive: true });
  const release = await acquireBuildLock(`${dir}.lock`, log);
  try {
    if (allExecutable(binaries)) return binaries; // another process built it while we waited
    const staging = `${dir}.partial-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    const started = Date.now();
    log(
      `building Kubernetes ${version} (kube-apiserver, kube-controller-manager, kube-scheduler, kubectl), etcd and kwok from source into ${dir}`,
    );
    await goBuild(go, join(root, MODULE_DIR), staging, log, versionStamp(version));
    await goBuild(go, join(root, KWOK_MODULE_DIR), staging, log, []);
    renameSync(join(staging, 'server'), join(staging, BINARY_NAMES.etcd));
    writeFileSync(join(staging, KWOK_STAGES), kwokStages(go, join(root, KWOK_MODULE_DIR)));
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
    log(`built in ${Math.round((Date.now() - started) / 1000)} s`);
    if (!allExecutable(binaries))
      throw new Error(
        `the build finished but ${dir} lacks some of ${Object.values(BINARY_NAMES).join(', ')}`,
      );
    return binaries;
  } finally {
    release();
  }
}

/** The go command; the error names what the control plane needs when Go is missing. */
export function findGo(env: NodeJS.ProcessEnv = process.env): string {
  const go = env['GO'] || 'go';
  const probe = spawnSync(go, ['version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0)
    throw new Error(
      `The Go toolchain (\`${go} version\`) was not found: the Kubernetes control plane (etcd, kube-apiserver, ` +
        `kube-controller-manager, kube-scheduler, kwok) is built from source by ${MODULE_DIR} and needs Go 1.26 or newer ` +
        `and the Go module proxy. Install Go (https://go.dev/doc/install) or point GO at one.`,
    );
  return go;
}

/**
 * `go build` of every `tool` of one module into `outDir`, printing a progress line every 15 s
 * (packages compiled so far, from `-v`) so a cold build never looks hung.
 */
async function goBuild(
  go: string,
  moduleDir: string,
  outDir: string,
  log: (line: string) => void,
  stamp: string[],
): Promise<void> {
  const name = moduleDir.endsWith('kwok') ? 'kwok' : 'kubernetes + etcd';
  const total = countPackages(go, moduleDir);
  // -p 2: the machines have 2 cores shared with the rest of the suite; -trimpath and -s -w keep the
  // binaries small (~4x smaller) and free of this machine's paths.
  const args = [
    'build',
    '-v',
    '-p',
    '2',
    '-trimpath',
    '-buildvcs=false',
    `-ldflags=${['-s', '-w', ...stamp].join(' ')}`,
    '-o',
    `${outDir}/`,
    'tool',
  ];
  const child = spawn(go, args, {
    cwd: moduleDir,
    env: {
      ...process.env,
      GOTOOLCHAIN: process.env['GOTOOLCHAIN'] || 'local',
      GOFLAGS: '-mod=readonly',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let compiled = 0;
  let tail = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-8_000);
    compiled += chunk
      .split('\n')
      .filter((line) => /^[\w.-]+(\/[\w.~+-]+)*$/.test(line.trim())).length;
  });
  const timer = setInterval(
    () => log(`${name}: compiled ${compiled} of ~${total} packages`),
    15_000,
  );
  try {
    const code = await new Promise<number | null>((done, fail) => {
      child.once('error', fail);
      child.once('exit', done);
    });
    if (code !== 0)
      throw new Error(`go ${args.join(' ')} in ${moduleDir} failed (exit ${code}):\n${tail}`);
    log(`${name}: done (${compiled} packages compiled, the rest from Go's build cache)`);
  } finally {
    clearInterval(timer);
  }
}

/** kwok's default stages as one multi-document YAML, from the kwok module the binary was built from. */
function kwokStages(go: string, moduleDir: string): string {
  const found = spawnSync(go, ['list', '-m', '-f', '{{.Dir}}', 'sigs.k8s.io/kwok'], {
    cwd: moduleDir,
    encoding: 'utf8',
  });
  if (found.status !== 0) throw new Error(`go list -m sigs.k8s.io/kwok failed:\n${found.stderr}`);
  const kwokDir = found.stdout.trim();
  return (
    KWOK_STAGE_FILES.map((file) => readFileSync(join(kwokDir, file), 'utf8').trim()).join(
      '\n---\n',
    ) + '\n'
  );
}

/**
 * What Kubernetes' own release build stamps into its binaries (hack/lib/version.sh): without
 * it they report v0.0.0-master, and kubectl and the API server's /version would say so.
 */
function versionStamp(version: string): string[] {
  const [, major, minor] = /^v(\d+)\.(\d+)\./.exec(version) ?? [];
  const pkg = 'k8s.io/component-base/version';
  return [
    `-X ${pkg}.gitVersion=${version}`,
    `-X ${pkg}.gitMajor=${major}`,
    `-X ${pkg}.gitMinor=${minor}`,
    `-X ${pkg}.gitTreeState=clean`,
  ];
}

/** How many packages the build needs (the progress line's denominator; downloads modules if needed). */
function countPackages(go: string, moduleDir: string): number | string {
  const list = spawnSync(go, ['list', '-deps', 'tool'], {
    cwd: moduleDir,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: {
      ...process.env,
      GOTOOLCHAIN: process.env['GOTOOLCHAIN'] || 'local',
      GOFLAGS: '-mod=readonly',
    },
  });
  if (list.status !== 0)
    throw new Error(`go list -deps tool in ${moduleDir} failed:\n${list.stderr.slice(-4_000)}`);
  return list.stdout.split('\n').filter(Boolean).length;
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * A lock file holding the builder's pid: a lock whose process is gone is taken over, so a build
 * killed halfway never blocks the next one.
 */
async function acquireBuildLock(file: string, log: (line: string) => void): Promise<() => void> {
  let announced = false;
  for (;;) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(readFileSafe(file));
    if (!Number.isInteger(holder) || holder <= 0 || !processExists(holder)) {
      // Written a moment ago by a process that has not yet finished writing its pid: wait.
      if (Date.now() - mtimeMs(file) > 2_000) rmSync(file, { force: true });
    } else if (!announced) {
      announced = true;
      log(`waiting for process ${holder}, which is building the control plane`);
    }
    await sleep(1_000);
  }
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function mtimeMs(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
