import type { LabelSelector } from './k8s-types.js';
import type { Manifest } from './model.js';
import { getField, selectorMatches } from './objects.js';

/** A pod, in its namespace or elsewhere: one end of a connection. */
export interface PodRef {
  namespace: string;
  /** The namespace's labels; kubernetes.io/metadata.name is added, as the API server does. */
  namespaceLabels?: Record<string, string>;
  podLabels: Record<string, string>;
}

/** Where a connection goes: a pod and its port (with the container port's name, which policies may use). */
export interface Destination extends PodRef {
  port: number;
  portName?: string;
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
/** One rule of a policy: `from` peers in ingress rules, `to` peers in egress rules. */
interface PolicyRule {
  from?: Peer[];
  to?: Peer[];
  ports?: PolicyPort[];
}

const namespaceOf = (m: Manifest) => m.object.metadata.namespace ?? 'default';

/** The NetworkPolicies of a pod's namespace that isolate its traffic in one direction (NetworkPolicy semantics). */
function isolating(
  manifests: Manifest[],
  namespace: string,
  podLabels: Record<string, string>,
  direction: 'Ingress' | 'Egress',
): Manifest[] {
  return manifests.filter((m) => {
    if (m.object.kind !== 'NetworkPolicy' || namespaceOf(m) !== namespace) return false;
    const selector = (getField(m.object, 'spec', 'podSelector') as LabelSelector | undefined) ?? {};
    const types = (getField(m.object, 'spec', 'policyTypes') as string[] | undefined) ?? [
      'Ingress',
      ...(getField(m.object, 'spec', 'egress') ? ['Egress'] : []),
    ];
    return types.includes(direction) && selectorMatches(selector, podLabels);
  });
}

/** The NetworkPolicies of a pod's namespace that isolate its egress (NetworkPolicy semantics). */
export const egressPolicies = (
  manifests: Manifest[],
  namespace: string,
  podLabels: Record<string, string>,
): Manifest[] => isolating(manifests, namespace, podLabels, 'Egress');

const portMatches = (ports: PolicyPort[] | undefined, to: Destination) =>
  !ports ||
  ports.length === 0 ||
  ports.some(
    (p) =>
      (p.protocol ?? 'TCP') === (to.protocol ?? 'TCP') &&
      (p.port === undefined ||
        (typeof p.port === 'number' && to.port >= p.port && to.port <= (p.endPort ?? p.port)) ||
        (typeof p.port === 'string' && p.port === to.portName)),
  );

/** Whether a rule's peer names this pod, for a policy in `policyNamespace`. */
function peerMatches(peer: Peer, policyNamespace: string, pod: PodRef): boolean {
  if (peer.ipBlock) return false; // pod addresses are not known offline: not counted as allowing
  const namespaceLabels = { ...pod.namespaceLabels, 'kubernetes.io/metadata.name': pod.namespace };
  const inNamespace = peer.namespaceSelector
    ? selectorMatches(peer.namespaceSelector, namespaceLabels)
    : pod.namespace === policyNamespace;
  return inNamespace && (!peer.podSelector || selectorMatches(peer.podSelector, pod.podLabels));
}

/**
 * Whether the policies of `pod` let this connection through in one direction: allowed when none
 * isolates that direction, or when a rule of one of them names `peer` and the port (policies add
 * up). Egress: `pod` is the sender and `peer` the destination; ingress the other way round.
 */
function allowedBy(
  manifests: Manifest[],
  direction: 'Ingress' | 'Egress',
  pod: PodRef,
  peer: PodRef,
  to: Destination,
): boolean {
  const policies = isolating(manifests, pod.namespace, pod.podLabels, direction);
  if (policies.length === 0) return true;
  const field = direction === 'Ingress' ? 'ingress' : 'egress';
  return policies.some((policy) =>
    ((getField(policy.object, 'spec', field) as PolicyRule[] | undefined) ?? []).some((rule) => {
      const peers = direction === 'Ingress' ? rule.from : rule.to;
      return (
        portMatches(rule.ports, to) &&
        (!peers || peers.length === 0 || peers.some((p) => peerMatches(p, pod.namespace, peer)))
      );
    }),
  );
}

/** Whether a pod may open this connection, as far as its own namespace's policies say. */
export const egressAllowed = (
  manifests: Manifest[],
  namespace: string,
  podLabels: Record<string, string>,
  to: Destination,
): boolean => allowedBy(manifests, 'Egress', { namespace, podLabels }, to, to);

/** Whether a pod accepts this connection from `from`, as far as its namespace's policies say. */
export const ingressAllowed = (manifests: Manifest[], from: PodRef, to: Destination): boolean =>
  allowedBy(manifests, 'Ingress', to, from, to);

/** Whether both ends let the connection through: the sender's egress and the receiver's ingress. */
export const connectionAllowed = (manifests: Manifest[], from: PodRef, to: Destination): boolean =>
  egressAllowed(manifests, from.namespace, from.podLabels, to) &&
  ingressAllowed(manifests, from, to);
