import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KubernetesConnection } from './lease-api.js';

/** Where the kubelet mounts a pod's service-account token, namespace and cluster CA. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export type InClusterResult =
  | { inCluster: true; connection: KubernetesConnection }
  /** `partly` when some of a pod's signs are there: most likely a misconfigured pod, not a laptop. */
  | { inCluster: false; reason: string; partly: boolean };

/**
 * How a pod reaches the Kubernetes API, the way client-go's in-cluster config does: the
 * `kubernetes` Service address from KUBERNETES_SERVICE_HOST/PORT, the mounted token (read
 * again for every request, because projected tokens rotate), namespace and CA.
 */
export async function readInClusterConnection(
  serviceAccountDir = SERVICE_ACCOUNT_DIR,
  env: NodeJS.ProcessEnv = process.env,
): Promise<InClusterResult> {
  const tokenPath = join(serviceAccountDir, 'token');
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  const hasToken = await access(tokenPath).then(
    () => true,
    () => false,
  );
  if (!hasToken)
    return {
      inCluster: false,
      partly: host !== undefined,
      reason: host
        ? `KUBERNETES_SERVICE_HOST is set but there is no service-account token at ${tokenPath} (automountServiceAccountToken: false?)`
        : `no service-account token at ${tokenPath}`,
    };
  if (!host || !port)
    return {
      inCluster: false,
      partly: true,
      reason: `a token is mounted but KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT are not set`,
    };

  const [namespace, ca] = await Promise.all([
    readFile(join(serviceAccountDir, 'namespace'), 'utf8'),
    readFile(join(serviceAccountDir, 'ca.crt')),
  ]);
  const bracketed = host.includes(':') ? `[${host}]` : host;
  return {
    inCluster: true,
    connection: {
      baseUrl: `https://${bracketed}:${port}`,
      namespace: namespace.trim(),
      ca,
      token: async () => (await readFile(tokenPath, 'utf8')).trim(),
    },
  };
}
