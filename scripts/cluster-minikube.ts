// `npm run cluster:minikube`: start (or reuse) the minikube profile `podlab` with the ingress and
// metrics-server addons and a CNI that enforces NetworkPolicies, build the images, load them,
// apply kustomize/overlays/minikube, wait for every rollout (StatefulSets first), print the URL.
// A new profile runs KUBERNETES_VERSION with MINIKUBE_PROFILE's CPUs and memory
// (scripts/lib/cluster-versions.ts); PODLAB_MINIKUBE_CPUS / PODLAB_MINIKUBE_MEMORY override them.
import { spawnSync } from 'node:child_process';
import {
  CLUSTER_NAME,
  deployToCluster,
  main,
  requireServerVersion,
  requireTools,
  run,
  stepper,
  succeeds,
} from './cluster-lib.ts';
import { KUBERNETES_VERSION, MINIKUBE_PROFILE } from './lib/cluster-versions.ts';

await main(async () => {
  requireTools('npm run cluster:minikube', ['minikube', 'kubectl', ['docker', 'podman']]);
  const step = stepper(6);

  step(`minikube profile ${CLUSTER_NAME}`);
  if (succeeds('minikube', ['status', '--profile', CLUSTER_NAME])) {
    console.log(`      reusing minikube profile ${CLUSTER_NAME}`);
  } else {
    const cpus = process.env.PODLAB_MINIKUBE_CPUS ?? String(MINIKUBE_PROFILE.cpus);
    const memory = process.env.PODLAB_MINIKUBE_MEMORY ?? MINIKUBE_PROFILE.memory;
    run('minikube', [
      'start',
      '--profile',
      CLUSTER_NAME,
      `--kubernetes-version=${KUBERNETES_VERSION}`,
      `--cpus=${cpus}`,
      `--memory=${memory}`,
      '--cni=calico',
      '--addons=ingress,metrics-server',
      '--wait=all',
    ]);
  }
  requireServerVersion(CLUSTER_NAME, 'npm run cluster:down -- minikube');

  deployToCluster(step, {
    context: CLUSTER_NAME,
    overlay: 'kustomize/overlays/minikube',
    importImages: {
      by: 'minikube image load',
      load: (tar) => run('minikube', ['image', 'load', tar, '--profile', CLUSTER_NAME]),
    },
  });

  step('ready');
  const ip = spawnSync('minikube', ['ip', '--profile', CLUSTER_NAME], {
    encoding: 'utf8',
  }).stdout.trim();
  console.log(
    `      open http://${ip}/  (Docker driver on macOS/Windows: run \`minikube tunnel -p ${CLUSTER_NAME}\` and open http://localhost/)`,
  );
  console.log(`      smoke test: PODLAB_URL=http://${ip} npm run cluster:smoke`);
});
