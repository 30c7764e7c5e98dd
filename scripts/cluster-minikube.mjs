#!/usr/bin/env node
// `npm run cluster:minikube`: start (or reuse) the minikube profile `podlab` with the ingress and
// metrics-server addons and a CNI that enforces NetworkPolicies, build the images, load them,
// apply kustomize/overlays/minikube, wait for every rollout, print the URL.
import { spawnSync } from 'node:child_process';
import { CLUSTER_NAME, containerEngine, imageRefs, main, requireTools, run, stepper, succeeds, waitForRollouts, withImageArchive } from './cluster-lib.mjs';

await main(async () => {
  requireTools('npm run cluster:minikube', ['minikube', 'kubectl', ['docker', 'podman']]);
  const step = stepper(6);

  step(`minikube profile ${CLUSTER_NAME}`);
  if (succeeds('minikube', ['status', '--profile', CLUSTER_NAME])) {
    console.log(`      reusing minikube profile ${CLUSTER_NAME}`);
  } else {
    run('minikube', ['start', '--profile', CLUSTER_NAME, '--cni=calico', '--addons=ingress,metrics-server', '--wait=all']);
  }

  step('building the images (npm run images)');
  run('npm', ['run', 'images']);

  step('loading the images into the cluster (minikube image load)');
  const refs = await imageRefs();
  withImageArchive(containerEngine(), refs, (tar) => run('minikube', ['image', 'load', tar, '--profile', CLUSTER_NAME]));

  step('applying kustomize/overlays/minikube');
  run('kubectl', ['--context', CLUSTER_NAME, 'apply', '-k', 'kustomize/overlays/minikube']);

  step('waiting for every rollout');
  waitForRollouts(CLUSTER_NAME);

  step('ready');
  const ip = spawnSync('minikube', ['ip', '--profile', CLUSTER_NAME], { encoding: 'utf8' }).stdout.trim();
  console.log(`      open http://${ip}/  (Docker driver on macOS/Windows: run \`minikube tunnel -p ${CLUSTER_NAME}\` and open http://localhost/)`);
  console.log(`      smoke test: PODLAB_URL=http://${ip} npm run cluster:smoke`);
});
