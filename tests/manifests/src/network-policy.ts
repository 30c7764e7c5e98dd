import type { LabelSelector } from './k8s-types.js';
import type { Manifest } from './model.js';
import { getField, selectorMatches } from './objects.js';

/** A peer outside the pod's namespace or inside it: where a connection goes. */
export interface Destination {
  namespace: string;
  /** The namespace's labels; kubernetes.io/metadata.name is added, as the API server does. */
  namespaceLabels?: Record<string, string>;
  podLabels: Record<string, string>;
  port: number;
  protocol?: 'TCP' | 'UDP';
}

interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string };
}
interface PolicyPort {
  port?: number | string;
  endPort?: number;
  protocol?: string;
}
interface EgressRule {
  to?: Peer[];
  ports?: PolicyPort[];
}

const namespaceOf = (m: Manifest) => m.object.metadata.namespace ?? 'default';

/** The NetworkPolicies of a pod's namespace that isolate its egress (NetworkPolicy semantics). */
export function egressPolicies(
  manifests: Manifest[],
  namespace: string,
  podLabels: Record<string, string>,
): Manifest[] {
  return manifests.filter((m) => {
    if (m.object.kind !== 'NetworkPolicy' || namespaceOf(m) !== namespace) return false;
    const selector = (getField(m.object, 'spec', 'podSelector') as LabelSelector | undefined) ?? {};
    const types = (getField(m.object, 'spec', 'policyTypes') as string[] | undefined) ?? [
      'Ingress',
      ...(getField(m.object, 'spec', 'egress') ? ['Egress'] : []),
    ];
    return types.includes('Egress') && selectorMatches(selector, podLabels);
  });
}

const portMatches = (ports: PolicyPort[] | undefined, to: Destination) =>
  !ports ||
  ports.length === 0 ||
  ports.some(
    (p) =>
      (p.protocol ?? 'TCP') === (to.protocol ?? 'TCP') &&
      (p.port === undefined ||
        (typeof p.port === 'number' && to.port >= p.port && to.port <= (p.endPort ?? p.port))),
  );

function peerMatches(peer: Peer, from: string, to: Destination): boolean {
  if (peer.ipBlock) return false; // pod addresses are not known offline: not counted as allowing
  const namespaceLabels = { ...to.namespaceLabels, 'kubernetes.io/metadata.name': to.namespace };
  const inNamespace = peer.namespaceSelector
    ? selectorMatches(peer.namespaceSelector, namespaceLabels)
    : to.namespace === from;
  return inNamespace && (!peer.podSelector || selectorMatches(peer.podSelector, to.podLabels));
}

/**
 * Whether a pod may open this connection: allowed when no policy isolates its egress, or when a
 * rule of one of the isolating policies allows it (NetworkPolicies add up).
 */
export function egressAllowed(
  manifests: Manifest[],
  namespace: string,
  podLabels: Record<string, string>,
  to: Destination,
): boolean {
  const policies = egressPolicies(manifests, namespace, podLabels);
  if (policies.length === 0) return true;
  return policies.some((policy) =>
    ((getField(policy.object, 'spec', 'egress') as EgressRule[] | undefined) ?? []).some(
      (rule) =>
        portMatches(rule.ports, to) &&
        (!rule.to ||
          rule.to.length === 0 ||
          rule.to.some((peer) => peerMatches(peer, namespace, to))),
    ),
  );
}
