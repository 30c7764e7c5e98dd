import { spawnBuiltService, type BuiltService } from '@podlab/testing/built-service';

/** Where a pod finds its service-account token, namespace and CA (the kit reads exactly this path). */
const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * Runs a service's built bundle on the host as a pod would run it: in a mount namespace of its
 * own where `serviceAccountDir` (token, namespace, ca.crt) is mounted at the path the kubelet
 * uses, so the service takes the same in-cluster path as in a pod and nothing on the host
 * changes. Needs root (unshare --mount), as CI and the developers' machines have.
 */
export function spawnWithServiceAccount(
  name: 'consumer' | 'producer',
  env: Record<string, string>,
  serviceAccountDir?: string,
): Promise<BuiltService> {
  if (!serviceAccountDir) return spawnBuiltService(name, env);
  return spawnBuiltService(name, env, {
    wrap: (node) => [
      'unshare',
      '--mount',
      '--propagation',
      'private',
      'sh',
      '-ec',
      // A private /run (so nothing is created on the host), the folder mounted where a pod has it.
      `mount -t tmpfs tmpfs /run && mkdir -p ${SERVICE_ACCOUNT_DIR} && mount --bind "$0" ${SERVICE_ACCOUNT_DIR} && exec "$@"`,
      serviceAccountDir,
      ...node,
    ],
  });
}
