import { join, relative, resolve } from 'node:path';
import { startKubernetes } from '@podlab/testing';

// `npm run k8s:control-plane`, run from the repository root by scripts/control-plane.ts: a real
// Kubernetes control plane (built from source on first use) with kwok nodes, on loopback, its
// state (etcd data, PKI, kubeconfig) kept under .data/kubernetes. Ctrl-C stops it.
const root = resolve(process.cwd());
const dataDir = resolve(process.env.PODLAB_DATA_DIR ?? join(root, '.data'), 'kubernetes');
const log = (line: string) => console.log(`[k8s] ${line}`);

const started = Date.now();
log(`starting (state in ${relative(root, dataDir)})`);
const plane = await startKubernetes({ name: 'local', dataDir, log }).catch((error: unknown) => {
  console.error(`[k8s] could not start: ${(error as Error).message}`);
  process.exit(1);
});
// The components are detached (their own process groups): this timer is what keeps the runner
// alive until Ctrl-C.
const keepAlive = setInterval(() => undefined, 60_000);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  clearInterval(keepAlive);
  log('stopping: kwok and the controllers, then kube-apiserver, then etcd');
  try {
    await plane.dispose();
    log('stopped cleanly');
    process.exit(0);
  } catch (error) {
    console.error(`[k8s] did not stop cleanly: ${(error as Error).message}`);
    process.exit(1);
  }
}
// In place before the lines below say that Ctrl-C stops it. A closed terminal (SIGHUP) stops it
// too: dying of the signal would leave the detached components running.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.on(signal, () => void stop());

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
