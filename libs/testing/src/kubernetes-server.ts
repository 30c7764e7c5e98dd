import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { onProcessExit } from './exit-cleanup.js';
import { findFreePorts } from './free-port.js';
import { createServerDir, sweepStaleServers, usePersistentDir } from './harness-dir.js';
import { httpGet } from './https-probe.js';
import { ensureControlPlaneBinaries, type ControlPlaneBinaries } from './kubernetes-binaries.js';
import {
  KWOK_NODE_ANNOTATION,
  kwokNodeObject,
  MINIKUBE_NODE,
  K3D_NODE,
  type KwokNodeSpec,
} from './kubernetes-nodes.js';
import { createControlPlanePki, writeKubeconfig, type ControlPlanePki } from './kubernetes-pki.js';
import { ManagedServer, ServerStartError } from './managed-server.js';
import { signalLeader } from './process-group.js';
import { waitFor } from './wait-for.js';

const execFileAsync = promisify(execFile);

/** The Service network of minikube and kubeadm; the `kubernetes` Service gets its first address. */
const SERVICE_CIDR = '10.96.0.0/12';
const KUBERNETES_SERVICE_IP = '10.96.0.1';
/** kube-dns as kubeadm (minikube) and k3s create it: 10th address of the Service network. */
const KUBE_DNS_SERVICE = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: {
    name: 'kube-dns',
    namespace: 'kube-system',
    labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/name': 'CoreDNS' },
  },
  spec: {
    clusterIP: '10.96.0.10',
    selector: { 'k8s-app': 'kube-dns' },
    ports: [
      { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
      { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
      { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
    ],
  },
};

export interface KubectlResult {
  stdout: string;
  stderr: string;
  /** Exit code; only non-zero when `allowFailure` was set (otherwise a failure throws). */
  code: number;
}

export interface KubectlOptions {
  /** Written to kubectl's standard input (e.g. `apply -f -`). */
  input?: string;
  /** Resolve with the exit code instead of throwing on failure. */
  allowFailure?: boolean;
  timeoutMs?: number;
  /** Another kubeconfig (e.g. a ServiceAccount's token); default: the admin's. */
  kubeconfig?: string;
  cwd?: string;
}

/** A private Kubernetes control plane: etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok nodes. */
export interface KubernetesControlPlane {
  /** https://127.0.0.1:<port> */
  readonly server: string;
  /** An admin (system:masters) kubeconfig: `KUBECONFIG=<this> kubectl get nodes`. */
  readonly kubeconfig: string;
  /**
   * What a kubectl run against this control plane gets in its environment: KUBECONFIG, and
   * KUBECACHEDIR in the plane's own folder. kubectl's default cache, ~/.kube/cache, keeps one
   * discovery folder per server address (a fresh port each time) and is never swept.
   */
  readonly kubectlEnv: Readonly<Record<'KUBECONFIG' | 'KUBECACHEDIR', string>>;
  readonly binaries: ControlPlaneBinaries;
  readonly pki: ControlPlanePki;
  readonly nodes: readonly KwokNodeSpec[];
  readonly dir: string;
  /** Each component's log file, for a test that wants to quote one. */
  readonly logFiles: Readonly<Record<ComponentName, string>>;
  /** Runs the pinned kubectl against this control plane. */
  kubectl(args: readonly string[], options?: KubectlOptions): Promise<KubectlResult>;
  /** Stops every component (kwok and the controllers first, etcd last), keeping the data. */
  stop(): Promise<void>;
  /** Stops and removes the private folder (a persistent dataDir is kept). */
  dispose(): Promise<void>;
}

export interface StartKubernetesOptions {
  /** Readable part of the folder names. */
  name?: string;
  /** Keep everything (etcd data, PKI, kubeconfig) here across runs (`npm run k8s:control-plane`'s .data/kubernetes). */
  dataDir?: string;
  /** The kwok nodes; default one like the minikube profile and one like a k3d node. */
  nodes?: readonly KwokNodeSpec[];
  /** Default 120 s per component: a loaded 2-core machine starts kube-apiserver in ~10-30 s. */
  startTimeoutMs?: number;
  /** Progress and build lines; default silent except for a cold build. */
  log?: (line: string) => void;
}

type ComponentName =
  'etcd' | 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kwok';

const PORT_NAMES = [
  'etcdClient',
  'etcdPeer',
  'apiserver',
  'controllerManager',
  'scheduler',
  'kwok',
] as const;
type Ports = Record<(typeof PORT_NAMES)[number], number>;

/**
 * Starts a private control plane on free loopback ports (building the binaries first if this
 * version is not cached). Warm, it takes a few seconds: etcd, then kube-apiserver, then the
 * controllers and kwok together, then the kwok nodes are created and become Ready.
 */
export async function startKubernetes(
  options: StartKubernetesOptions = {},
): Promise<KubernetesControlPlane> {
  sweepStaleServers();
  const log = options.log ?? (() => undefined);
  const binaries = await ensureControlPlaneBinaries({
    log: (line) => (options.log ?? ((l: string) => console.log(`[control-plane] ${l}`)))(line),
  });
  for (let attempt = 1; ; attempt++) {
    const plane = await createControlPlane(binaries, options, log, attempt > 1);
    try {
      await plane.start();
      return plane.api;
    } catch (error) {
      await plane.api.dispose().catch(() => undefined);
      if (!(error instanceof ServerStartError && error.addressInUse) || attempt === 3) throw error;
    }
  }
}

async function createControlPlane(
  binaries: ControlPlaneBinaries,
  options: StartKubernetesOptions,
  log: (line: string) => void,
  freshPorts: boolean,
) {
  const name = options.name ?? 'kubernetes';
  const persistent = options.dataDir !== undefined;
  const dirFor = (component: string) =>
    persistent
      ? usePersistentDir(join(options.dataDir as string, component))
      : createServerDir(`kube-${component}`, name);
  // The PKI and kubeconfigs: no process of their own, so this folder is swept like any other.
  const dir = dirFor('pki');
  const ports = await choosePorts(persistent && !freshPorts ? join(dir, 'ports.json') : undefined);
  const server = `https://127.0.0.1:${ports.apiserver}`;
  const pki = await createControlPlanePki(dir, KUBERNETES_SERVICE_IP);
  const kubeconfig = writeKubeconfig(join(dir, 'admin.kubeconfig'), server, pki, 'admin');
  const controllerKubeconfig = writeKubeconfig(
    join(dir, 'controller-manager.kubeconfig'),
    server,
    pki,
    'controller-manager',
  );
  const schedulerKubeconfig = writeKubeconfig(
    join(dir, 'scheduler.kubeconfig'),
    server,
    pki,
    'scheduler',
  );
  const kwokKubeconfig = writeKubeconfig(join(dir, 'kwok.kubeconfig'), server, pki, 'kwok');
  const timeout = options.startTimeoutMs ?? 120_000;
  const nodes = options.nodes ?? [MINIKUBE_NODE, K3D_NODE];

  const component = (
    label: ComponentName,
    command: string,
    args: (componentDir: string) => string[],
    port: number,
    isReady: () => Promise<boolean>,
  ) => {
    const componentDir = dirFor(label);
    const outputFile = join(componentDir, `${label}.log`);
    return {
      label,
      outputFile,
      managed: new ManagedServer({
        label: `${label} of the control plane in ${componentDir}`,
        dir: componentDir,
        port,
        command,
        args: args(componentDir),
        // The folder in the environment lets the stale-server sweep recognise the process.
        env: { ...process.env, PODLAB_HARNESS_DIR: componentDir },
        outputFile,
        logFiles: [outputFile],
        startTimeoutMs: timeout,
        stopTimeoutMs: 30_000,
        isReady,
        requestShutdown: async (leader) => signalLeader(leader, 'SIGTERM'),
        keepDir: persistent,
      }),
    };
  };

  const admin = { ca: pki.caCert, cert: pki.clients.admin.cert, key: pki.clients.admin.key };
  const etcd = component(
    'etcd',
    binaries.etcd,
    (d) => [
      '--name=podlab',
      `--data-dir=${join(d, 'data')}`,
      `--listen-client-urls=http://127.0.0.1:${ports.etcdClient}`,
      `--advertise-client-urls=http://127.0.0.1:${ports.etcdClient}`,
      `--listen-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
      `--initial-cluster=podlab=http://127.0.0.1:${ports.etcdPeer}`,
      // A throwaway store on a shared CI disk: durability is not what the tests check, speed is.
      ...(persistent ? [] : ['--unsafe-no-fsync']),
      '--log-level=warn',
    ],
    ports.etcdClient,
    async () =>
      (await httpGet(`http://127.0.0.1:${ports.etcdClient}/health`)).body.includes(
        '"health":"true"',
      ),
  );
  const apiserver = component(
    'kube-apiserver',
    binaries.kubeApiserver,
    (d) => [
      `--etcd-servers=http://127.0.0.1:${ports.etcdClient}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${ports.apiserver}`,
      `--cert-dir=${d}`,
      `--tls-cert-file=${pki.apiserverCert}`,
      `--tls-private-key-file=${pki.apiserverKey}`,
      `--client-ca-file=${pki.caCert}`,
      `--service-cluster-ip-range=${SERVICE_CIDR}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${pki.serviceAccountPub}`,
      `--service-account-signing-key-file=${pki.serviceAccountKey}`,
      '--authorization-mode=RBAC',
      // kwok nodes have no kubelet to dial back to for logs/exec.
      '--kubelet-preferred-address-types=InternalIP',
      '--profiling=false',
      '--v=1',
    ],
    ports.apiserver,
    async () => (await httpGet(`${server}/readyz`, admin)).status === 200,
  );
  const controllerManager = component(
    'kube-controller-manager',
    binaries.kubeControllerManager,
    (d) => [
      `--kubeconfig=${controllerKubeconfig}`,
      `--authentication-kubeconfig=${controllerKubeconfig}`,
      `--authorization-kubeconfig=${controllerKubeconfig}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${ports.controllerManager}`,
      `--cert-dir=${d}`,
      // Each controller acts as its own ServiceAccount, under the RBAC a real cluster gives it.
      '--use-service-account-credentials=true',
      `--service-account-private-key-file=${pki.serviceAccountKey}`,
      `--root-ca-file=${pki.caCert}`,
      `--cluster-signing-cert-file=${pki.caCert}`,
      `--cluster-signing-key-file=${pki.caKey}`,
      // One instance: no need to wait for a lease; a restart takes over at once.
      '--leader-elect=false',
      '--profiling=false',
      '--v=1',
    ],
    ports.controllerManager,
    async () =>
      (await httpGet(`https://127.0.0.1:${ports.controllerManager}/healthz`)).status === 200,
  );
  const scheduler = component(
    'kube-scheduler',
    binaries.kubeScheduler,
    (d) => [
      `--kubeconfig=${schedulerKubeconfig}`,
      `--authentication-kubeconfig=${schedulerKubeconfig}`,
      `--authorization-kubeconfig=${schedulerKubeconfig}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${ports.scheduler}`,
      `--cert-dir=${d}`,
      '--leader-elect=false',
      '--profiling=false',
      '--v=1',
    ],
    ports.scheduler,
    async () => (await httpGet(`https://127.0.0.1:${ports.scheduler}/healthz`)).status === 200,
  );
  const kwok = component(
    'kwok',
    binaries.kwok,
    () => [
      `--kubeconfig=${kwokKubeconfig}`,
      `--config=${binaries.kwokStages}`,
      '--manage-all-nodes=false',
      '--node-lease-duration-seconds=40',
      `--manage-nodes-with-annotation-selector=${KWOK_NODE_ANNOTATION}=fake`,
      '--node-ip=127.0.0.1',
      '--cidr=10.244.0.0/16',
      `--server-address=127.0.0.1:${ports.kwok}`,
    ],
    ports.kwok,
    async () => (await httpGet(`http://127.0.0.1:${ports.kwok}/healthz`)).status === 200,
  );
  const components = [etcd, apiserver, controllerManager, scheduler, kwok];
  const logFiles = Object.fromEntries(components.map((c) => [c.label, c.outputFile])) as Record<
    ComponentName,
    string
  >;

  const kubectlEnv = { KUBECONFIG: kubeconfig, KUBECACHEDIR: join(dir, 'kubectl-cache') };
  const kubectl = async (
    args: readonly string[],
    opts: KubectlOptions = {},
  ): Promise<KubectlResult> => {
    const child = execFileAsync(binaries.kubectl, [...args], {
      env: { ...process.env, ...kubectlEnv, KUBECONFIG: opts.kubeconfig ?? kubeconfig },
      cwd: opts.cwd,
      timeout: opts.timeoutMs ?? 120_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    if (opts.input !== undefined) child.child.stdin?.end(opts.input);
    try {
      const { stdout, stderr } = await child;
      return { stdout, stderr, code: 0 };
    } catch (error) {
      const failure = error as { stdout?: string; stderr?: string; code?: number | string };
      if (opts.allowFailure && typeof failure.code === 'number')
        return { stdout: failure.stdout ?? '', stderr: failure.stderr ?? '', code: failure.code };
      throw new Error(
        `kubectl ${args.join(' ')} failed: ${failure.stderr?.trim() || (error as Error).message}`,
        { cause: error },
      );
    }
  };

  const stop = async () => {
    // Reverse order: nothing talks to a component that is already gone.
    await Promise.all([kwok, scheduler, controllerManager].map((c) => c.managed.stop()));
    await apiserver.managed.stop();
    await etcd.managed.stop();
  };
  let disposed = false;
  const forgetCleanup = onProcessExit(() => {
    if (!persistent) rmSync(dir, { recursive: true, force: true });
  });
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    try {
      await Promise.all([kwok, scheduler, controllerManager].map((c) => c.managed.dispose()));
      await apiserver.managed.dispose();
      await etcd.managed.dispose();
    } finally {
      forgetCleanup();
      if (!persistent) rmSync(dir, { recursive: true, force: true });
    }
  };

  const start = async () => {
    const timed = async (what: string, fn: () => Promise<unknown>) => {
      const t0 = Date.now();
      await fn();
      log(`${what} ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    };
    await timed('etcd', () => etcd.managed.start());
    await timed('kube-apiserver', () => apiserver.managed.start());
    await timed('controller-manager, scheduler, kwok', () =>
      Promise.all([controllerManager, scheduler, kwok].map((c) => c.managed.start())),
    );
    await timed(`nodes ${nodes.map((n) => n.name).join(', ')}`, async () => {
      const list = { apiVersion: 'v1', kind: 'List', items: nodes.map(kwokNodeObject) };
      // create, not apply: a Node's status is only taken on create; a restart keeps the nodes it has.
      const existing = (await kubectl(['get', 'nodes', '-o', 'name'])).stdout;
      const missing = list.items.filter(
        (n) => !existing.includes(`node/${(n.metadata as { name: string }).name}\n`),
      );
      if (missing.length > 0)
        await kubectl(['create', '-f', '-'], {
          input: JSON.stringify({ ...list, items: missing }),
        });
      await kubectl([
        'wait',
        '--for=condition=Ready',
        'node',
        '--all',
        `--timeout=${Math.round(timeout / 1000)}s`,
      ]);
    });
    // What every learner's cluster has in kube-system besides the control plane: the DNS
    // Service (CoreDNS behind it there; nothing here, as kwok runs no pods' processes).
    await kubectl(['apply', '-f', '-'], { input: JSON.stringify(KUBE_DNS_SERVICE) });
    // Pods are refused in a namespace until its `default` ServiceAccount exists.
    await waitFor(
      'the default ServiceAccount of namespace default',
      async () =>
        (await kubectl(['get', 'serviceaccount', 'default', '-o', 'name'], { allowFailure: true }))
          .code === 0,
      {
        timeoutMs: timeout,
        intervalMs: 200,
      },
    );
  };

  return {
    start,
    api: {
      server,
      kubeconfig,
      kubectlEnv,
      binaries,
      pki,
      nodes,
      dir,
      logFiles,
      kubectl,
      stop,
      dispose,
    } satisfies KubernetesControlPlane,
  };
}

/** Free ports; a persistent control plane keeps the ones it had while they are still free. */
async function choosePorts(remembered: string | undefined): Promise<Ports> {
  if (remembered && existsSync(remembered)) {
    try {
      const ports = JSON.parse(readFileSync(remembered, 'utf8')) as Ports;
      if (PORT_NAMES.every((n) => Number.isInteger(ports[n]))) return ports;
    } catch {
      // unreadable: choose anew
    }
  }
  const free = await findFreePorts(PORT_NAMES.length);
  const ports = Object.fromEntries(PORT_NAMES.map((n, i) => [n, free[i]])) as Ports;
  if (remembered) {
    mkdirSync(join(remembered, '..'), { recursive: true });
    writeFileSync(remembered, JSON.stringify(ports));
  }
  return ports;
}
