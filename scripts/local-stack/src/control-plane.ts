import { join, relative, resolve } from 'node:path';
import { startKubernetes } from '@podlab/testing';
import { startWatchdog } from './watchdog.js';

// `npm run k8s:control-plane`, run from the repository root by scripts/control-plane.ts: a real
// Kubernetes control plane (built from source on first use) with kwok nodes, on loopback, its
// state (etcd data, PKI, kubeconfig) kept under .data/kubernetes. Ctrl-C stops it.
const root = resolve(process.cwd());
const dataDir = resolve(process.env.PODLAB_DATA_DIR ?? join(root, '.data'), 'kubernetes');
const log = (line: string) => console.log(`[k8s] ${line}`);

const started = Date.now();
log(`starting (state in ${relative(root, dataDir)})`);
// The components run detached, in process groups of their own, so they outlive this process if
// it dies without stopping them (SIGKILL, a crash): the watchdog then stops them.
startWatchdog('control-plane-watchdog.js', dataDir);

// What a stop request (a signal, or the launcher gone) does. While it starts: exit at once; the
// exit hooks kill the components already started, the watchdog any that escape them.
let stop = (): void => {
  log('stopping before it was up');
  process.exit(1);
};
// In place before anything starts, and so before the lines below say that Ctrl-C stops it. A
// closed terminal (SIGHUP) stops it too: dying of the signal would leave the components running.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop());
// scripts/control-plane.ts holds an IPC channel to us: when it closes, the launcher is gone.
if (process.channel) {
  process.channel.unref();
  process.on('disconnect', () => stop());
}

const plane = await startKubernetes({ name: 'local', dataDir, log }).catch((error: unknown) => {
  console.error(`[k8s] could not start: ${(error as Error).message}`);
  process.exit(1);
});
// The components are detached (their own process groups): this timer is what keeps the runner
// alive until it is told to stop.
const keepAlive = setInterval(() => undefined, 60_000);

let stopping = false;
stop = () => {
  if (stopping) return;
  stopping = true;
  clearInterval(keepAlive);
  log('stopping: kwok and the controllers, then kube-apiserver, then etcd');
  plane.dispose().then(
    () => {
      log('stopped cleanly');
      process.exit(0);
    },
    (error: unknown) => {
      console.error(`[k8s] did not stop cleanly: ${(error as Error).message}`);
      process.exit(1);
    },
  );
};

const kubeconfig = relative(root, plane.kubeconfig);
log(
  `Kubernetes ${plane.binaries.version} is up on ${plane.server} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
log(`nodes (kwok): ${plane.nodes.map((n) => `${n.name} (${n.cpu} CPU, ${n.memory})`).join(', ')}`);
log(`kubeconfig: ${kubeconfig}`);
log(
  `try: KUBECONFIG=${kubeconfig} ${relative(root, plane.binaries.kubectl).startsWith('..') ? plane.binaries.kubectl : relative(root, plane.binaries.kubectl)} get nodes`,
);
log('Ctrl-C stops it (the data stays for the next start)');
