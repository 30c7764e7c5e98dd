/**
 * The nodes kwok stands in for, sized like the learner's clusters. kwok marks them Ready, keeps
 * their leases fresh and moves the pods bound to them to Running and Ready; nothing runs.
 */
export interface KwokNodeSpec {
  readonly name: string;
  /** Kubernetes quantities, e.g. "4" and "8Gi". */
  readonly cpu: string;
  readonly memory: string;
  readonly pods?: number;
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * The node `npm run cluster:minikube` creates: minikube's defaults of 2 CPUs and ~2 GiB are too
 * small for podlab, so the script starts the profile with 4 CPUs and 8 GiB (the figures the
 * cluster script and the tutorial state). minikube reserves nothing for the system
 * (no kube-reserved), so allocatable = capacity; its system pods are a reservation the tests declare.
 */
export const MINIKUBE_NODE: KwokNodeSpec = {
  name: 'minikube',
  cpu: '4',
  memory: '8Gi',
  pods: 110,
  labels: {
    'minikube.k8s.io/name': 'podlab',
    'minikube.k8s.io/primary': 'true',
    'node-role.kubernetes.io/control-plane': '',
  },
};

/**
 * A k3d server node: a container that sees the Docker host's CPUs and memory; k3d sets no
 * limits of its own. Sized like a typical 4-core, 8 GiB laptop host.
 */
export const K3D_NODE: KwokNodeSpec = {
  name: 'k3d-podlab-server-0',
  cpu: '4',
  memory: '8Gi',
  pods: 110,
  labels: {
    'node-role.kubernetes.io/control-plane': 'true',
    'node-role.kubernetes.io/master': 'true',
    'node.kubernetes.io/instance-type': 'k3s',
  },
};

/** The annotation kwok is told to look for: it manages those nodes and no others. */
export const KWOK_NODE_ANNOTATION = 'kwok.x-k8s.io/node';

/** The Node object for `spec`, status included (a Node may carry its status on create). */
export function kwokNodeObject(spec: KwokNodeSpec): Record<string, unknown> {
  const capacity = {
    cpu: spec.cpu,
    memory: spec.memory,
    pods: String(spec.pods ?? 110),
    'ephemeral-storage': '100Gi',
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: spec.name,
      annotations: { [KWOK_NODE_ANNOTATION]: 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
      labels: {
        'kubernetes.io/hostname': spec.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'beta.kubernetes.io/arch': 'amd64',
        type: 'kwok',
        ...spec.labels,
      },
    },
    spec: {},
    status: {
      capacity,
      allocatable: capacity,
    },
  };
}
