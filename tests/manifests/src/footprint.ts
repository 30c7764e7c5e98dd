import type { Container } from './k8s-types.js';
import type { Manifest } from './model.js';
import { getField, workloads } from './objects.js';

/** CPU in millicores and memory in MiB. */
export interface Footprint {
  cpu: number;
  memory: number;
}

/** `250m` → 250, `1` → 1000 millicores. */
export const millicores = (q: string | number | undefined): number => {
  if (q === undefined) return 0;
  const s = String(q);
  return s.endsWith('m') ? Number(s.slice(0, -1)) : Number(s) * 1000;
};

const UNITS: Record<string, number> = {
  Ki: 1 / 1024,
  Mi: 1,
  Gi: 1024,
  K: 1000 / 1024 / 1024,
  M: 1e6 / 1024 / 1024,
  G: 1e9 / 1024 / 1024,
};
/** `512Mi` → 512, `1Gi` → 1024, bytes → MiB. */
export const mebibytes = (q: string | number | undefined): number => {
  if (q === undefined) return 0;
  const match = /^(\d+(?:\.\d+)?)([KMG]i?)?$/.exec(String(q));
  if (!match) return NaN;
  return Number(match[1]) * (match[2] ? UNITS[match[2]] : 1 / 1024 / 1024);
};

const requestsOf = (c: Container): Footprint => ({
  cpu: millicores(c.resources?.requests?.cpu),
  memory: mebibytes(c.resources?.requests?.memory),
});
const add = (a: Footprint, b: Footprint): Footprint => ({
  cpu: a.cpu + b.cpu,
  memory: a.memory + b.memory,
});
const times = (a: Footprint, n: number): Footprint => ({ cpu: a.cpu * n, memory: a.memory * n });

/** What the scheduler reserves for one pod: the larger of its biggest init container and the sum of its containers. */
export function podRequests(
  containers: Container[],
  initContainers: Container[] = [],
  extra: Footprint = { cpu: 0, memory: 0 },
): Footprint {
  const sum = containers.map(requestsOf).reduce(add, extra);
  return initContainers
    .map(requestsOf)
    .reduce(
      (max, r) => ({ cpu: Math.max(max.cpu, r.cpu), memory: Math.max(max.memory, r.memory) }),
      sum,
    );
}

/** Istio's sidecar with the demo profile (`istioctl install --set profile=demo`): 10m, 40Mi. */
export const ISTIO_SIDECAR: Footprint = { cpu: 10, memory: 40 };

/**
 * The requests of every pod a set-up runs: replicas × pod requests (an HPA's minReplicas where
 * the HPA owns the count, its maxReplicas with `atHpaMax`), an Istio sidecar where the namespace
 * injects one.
 */
export function setupRequests(manifests: Manifest[], { atHpaMax = false } = {}): Footprint {
  const injecting = new Set(
    manifests
      .filter(
        (m) =>
          m.object.kind === 'Namespace' &&
          m.object.metadata.labels?.['istio-injection'] === 'enabled',
      )
      .map((m) => m.object.metadata.name),
  );
  const hpas = manifests.filter((m) => m.object.kind === 'HorizontalPodAutoscaler');
  return workloads(manifests)
    .map((w) => {
      const { kind, metadata } = w.manifest.object;
      const hpa = hpas.find(
        (h) =>
          getField(h.object, 'spec', 'scaleTargetRef', 'kind') === kind &&
          getField(h.object, 'spec', 'scaleTargetRef', 'name') === metadata.name,
      );
      const declared = getField(w.manifest.object, 'spec', 'replicas') as number | undefined;
      const replicas = hpa
        ? Number(getField(hpa.object, 'spec', atHpaMax ? 'maxReplicas' : 'minReplicas') ?? 1)
        : (declared ?? 1);
      const sidecar =
        injecting.has(metadata.namespace ?? 'default') &&
        w.template.metadata?.labels?.['sidecar.istio.io/inject'] !== 'false';
      return times(
        podRequests(
          w.template.spec?.containers ?? [],
          w.template.spec?.initContainers ?? [],
          sidecar ? ISTIO_SIDECAR : undefined,
        ),
        replicas,
      );
    })
    .reduce(add, { cpu: 0, memory: 0 });
}

/**
 * What minikube's own pods request on the podlab profile (`--cni=calico`,
 * `--addons=ingress,metrics-server`), from their manifests: the control plane (etcd 100m/100Mi,
 * kube-apiserver 250m, kube-controller-manager 200m, kube-scheduler 100m), CoreDNS 100m/70Mi,
 * calico-node 250m, ingress-nginx 100m/90Mi, metrics-server 100m/200Mi.
 */
export const MINIKUBE_SYSTEM: Footprint = { cpu: 1200, memory: 460 };
/** Istio's demo profile: istiod 10m/100Mi, ingress and egress gateways 10m/40Mi each. */
export const ISTIO_DEMO: Footprint = { cpu: 30, memory: 180 };

/** `6g` / `6144m` / `6144` (minikube's --memory, MiB by default) → MiB. */
export const profileMemory = (memory: string): number => {
  const match = /^(\d+)\s*([gm]b?)?$/i.exec(memory);
  if (!match) return NaN;
  return Number(match[1]) * (match[2]?.toLowerCase().startsWith('g') ? 1024 : 1);
};
