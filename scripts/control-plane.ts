// `npm run k8s:control-plane`: install if needed, build the harness, then start a private
// Kubernetes control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler built
// from source by tools/control-plane, kwok nodes) until Ctrl-C.
import { nxBuild } from './lib/nx-build.ts';
import { runUntilStopped } from './lib/run-until-stopped.ts';

console.log(
  '[k8s] building the runner (nx build @podlab/local-stack; cached after the first time)',
);
if (!nxBuild(['run', '@podlab/local-stack:build'])) {
  console.error('[k8s] the build failed: run `npx nx run @podlab/local-stack:build` to see why');
  process.exit(1);
}
runUntilStopped('scripts/local-stack/dist/control-plane.js');
