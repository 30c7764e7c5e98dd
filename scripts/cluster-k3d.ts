// `npm run cluster:k3d`: create (or reuse) the k3d cluster `podlab`, build the images, import
// them, apply kustomize/overlays/k3d, wait for every rollout (StatefulSets first), print the URL.
// A new cluster runs k3s of KUBERNETES_VERSION (scripts/lib/cluster-versions.ts).
// PODLAB_HTTP_PORT (default 8080) is the port on this machine that reaches the Ingress.
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
import { K3S_IMAGE } from './lib/cluster-versions.ts';

const port = process.env.PODLAB_HTTP_PORT ?? '8080';
const context = `k3d-${CLUSTER_NAME}`;

await main(async () => {
  requireTools('npm run cluster:k3d', ['k3d', 'kubectl', ['docker', 'podman']]);
  const step = stepper(6);

  step(`cluster ${CLUSTER_NAME}`);
  if (succeeds('k3d', ['cluster', 'get', CLUSTER_NAME])) {
    console.log(`      reusing k3d cluster ${CLUSTER_NAME}`);
    run('k3d', ['cluster', 'start', CLUSTER_NAME]);
  } else {
    // Port 80 of k3d's load balancer is Traefik, the Ingress controller k3s ships.
    run('k3d', [
      'cluster',
      'create',
      CLUSTER_NAME,
      '--image',
      K3S_IMAGE,
      '--agents',
      '1',
      '--port',
      `${port}:80@loadbalancer`,
      '--wait',
    ]);
  }
  requireServerVersion(context, 'npm run cluster:down -- k3d');

  deployToCluster(step, {
    context,
    overlay: 'kustomize/overlays/k3d',
    importImages: {
      by: 'k3d image import',
      load: (tar) => run('k3d', ['image', 'import', tar, '--cluster', CLUSTER_NAME]),
    },
  });

  step('ready');
  console.log(
    `      open http://localhost:${port}/  ·  smoke test: PODLAB_URL=http://localhost:${port} npm run cluster:smoke`,
  );
});
