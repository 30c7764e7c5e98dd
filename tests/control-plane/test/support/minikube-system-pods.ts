/**
 * What the system pods of the minikube profile take from the node before podlab's pods arrive:
 * `npm run cluster:minikube` starts it with `--cni=calico --addons=ingress,metrics-server`. kwok
 * runs none of them, so their requests are declared here as one fixed reservation (a pod
 * pinned to the node asking for the sum). Requests only: the scheduler ignores limits.
 *
 * Where the figures come from (the manifests each component ships with):
 * - kube-apiserver 250m, kube-controller-manager 200m, kube-scheduler 100m, etcd 100m + 100Mi:
 *   kubeadm's static pod manifests (minikube bootstraps with kubeadm);
 * - coredns 100m + 70Mi (one replica on minikube): kubeadm's CoreDNS Deployment;
 * - kube-proxy, storage-provisioner, calico-kube-controllers: no requests;
 * - calico-node 250m: Calico's calico.yaml (the manifest minikube applies for --cni=calico);
 * - ingress-nginx-controller 100m + 90Mi: minikube's ingress addon;
 * - metrics-server 100m + 200Mi: minikube's metrics-server addon.
 */
export const MINIKUBE_SYSTEM_REQUESTS = [
  { pod: 'kube-apiserver', cpuMillis: 250, memoryMi: 0 },
  { pod: 'kube-controller-manager', cpuMillis: 200, memoryMi: 0 },
  { pod: 'kube-scheduler', cpuMillis: 100, memoryMi: 0 },
  { pod: 'etcd', cpuMillis: 100, memoryMi: 100 },
  { pod: 'coredns', cpuMillis: 100, memoryMi: 70 },
  { pod: 'calico-node', cpuMillis: 250, memoryMi: 0 },
  { pod: 'ingress-nginx-controller', cpuMillis: 100, memoryMi: 90 },
  { pod: 'metrics-server', cpuMillis: 100, memoryMi: 200 },
] as const;

const sum = (key: 'cpuMillis' | 'memoryMi') =>
  MINIKUBE_SYSTEM_REQUESTS.reduce((total, r) => total + r[key], 0);

/** The reservation as a pod bound to `node` in kube-system (1200m CPU, 460Mi). */
export function systemReservationPod(node: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'minikube-system-pods',
      namespace: 'kube-system',
      labels: { 'podlab.test/reservation': 'minikube-system-pods' },
    },
    spec: {
      nodeName: node,
      priorityClassName: 'system-node-critical',
      containers: [
        {
          name: 'reservation',
          image: 'registry.k8s.io/pause:3.10',
          resources: { requests: { cpu: `${sum('cpuMillis')}m`, memory: `${sum('memoryMi')}Mi` } },
        },
      ],
    },
  };
}
