import type { KubernetesControlPlane } from '@podlab/testing';

/**
 * What a learner's set-up consists of: every object the manifests and the labs make, by kind and
 * name, with what was declared (spec, data, labels). Pods and ReplicaSets are left out (their
 * names are random, and the ReplicaSet history is what rollout undo needs, not state to restore);
 * so are the fields the cluster writes (status, resourceVersion, the revision annotations).
 */
const KINDS = [
  'namespace/podlab',
  'deployments',
  'statefulsets',
  'services',
  'configmaps',
  'secrets',
  'serviceaccounts',
  'roles',
  'rolebindings',
  'ingresses',
  'networkpolicies',
  'horizontalpodautoscalers',
  'poddisruptionbudgets',
  'persistentvolumeclaims',
  'gateways.networking.istio.io',
  'virtualservices.networking.istio.io',
  'destinationrules.networking.istio.io',
];

const VOLATILE_ANNOTATIONS = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
  // `kubectl rollout restart` stamps the pod template; nothing can take that back, and it
  // changes no declared setting.
  'kubectl.kubernetes.io/restartedAt',
];

interface KubeObject {
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: unknown;
  data?: unknown;
}

function stripAnnotations(
  annotations: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (!annotations) return undefined;
  const kept = Object.fromEntries(
    Object.entries(annotations).filter(([key]) => !VOLATILE_ANNOTATIONS.includes(key)),
  );
  return Object.keys(kept).length ? kept : undefined;
}

function declared(object: KubeObject): unknown {
  const spec = JSON.parse(JSON.stringify(object.spec ?? null)) as {
    template?: { metadata?: { annotations?: Record<string, string> } };
  } | null;
  if (spec?.template?.metadata)
    spec.template.metadata.annotations = stripAnnotations(spec.template.metadata.annotations);
  return {
    labels: object.metadata.labels,
    annotations: stripAnnotations(object.metadata.annotations),
    spec,
    data: object.data,
  };
}

/** `Kind/name` → the declared content, as JSON text (easy to diff in a failure message). */
export async function snapshot(plane: KubernetesControlPlane): Promise<Map<string, string>> {
  const { stdout } = await plane.kubectl([
    'get',
    KINDS.join(','),
    '-n',
    'podlab',
    '-o',
    'json',
    '--ignore-not-found',
  ]);
  const items = stdout.trim() ? (JSON.parse(stdout) as { items: KubeObject[] }).items : [];
  return new Map(
    items
      // Made by the cluster itself in every namespace.
      .filter((o) => !(o.kind === 'ServiceAccount' && o.metadata.name === 'default'))
      .filter((o) => !(o.kind === 'ConfigMap' && o.metadata.name === 'kube-root-ca.crt'))
      .map((o) => [`${o.kind}/${o.metadata.name}`, JSON.stringify(declared(o))]),
  );
}

/** Each difference between two snapshots, as a readable line. */
export function differences(before: Map<string, string>, after: Map<string, string>): string[] {
  const lines: string[] = [];
  for (const [key, value] of before) {
    if (!after.has(key)) lines.push(`${key} is gone`);
    else if (after.get(key) !== value)
      lines.push(`${key} changed:\n  before ${value}\n  after  ${after.get(key)}`);
  }
  for (const key of after.keys()) if (!before.has(key)) lines.push(`${key} was left behind`);
  return lines;
}
