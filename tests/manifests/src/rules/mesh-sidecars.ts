import { egressAllowed } from '../network-policy.js';
import { containersOf, getField, workloads } from '../objects.js';
import { problem, type Problem, type Rule } from '../model.js';

/** Where Istio's sidecars get their configuration and certificates (istioctl's default install). */
export const ISTIOD = {
  namespace: 'istio-system',
  podLabels: { app: 'istiod', istio: 'pilot' },
  port: 15012,
};

const INJECT = 'sidecar.istio.io/inject';
const EXCLUDE_OUTBOUND = 'traffic.sidecar.istio.io/excludeOutboundPorts';

/** Ports an init container waits for: its WAIT_FOR list of host:port. */
const waitedPorts = (env: { name: string; value?: string }[] = []): number[] =>
  (env.find((e) => e.name === 'WAIT_FOR')?.value ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((target) => Number(target.slice(target.lastIndexOf(':') + 1)));

/** Pods Istio gives a sidecar, and what those pods then need. */
export const meshSidecarsRule: Rule = {
  id: 'mesh-sidecars',
  title:
    'with Istio injection on: data stores keep out of the mesh, init containers bypass the sidecar, sidecars may reach istiod',
  check({ manifests }) {
    const problems: Problem[] = [];
    const injecting = new Set(
      manifests
        .filter(
          (m) =>
            m.object.kind === 'Namespace' &&
            m.object.metadata.labels?.['istio-injection'] === 'enabled',
        )
        .map((m) => m.object.metadata.name),
    );
    for (const w of workloads(manifests)) {
      const namespace = w.manifest.object.metadata.namespace ?? 'default';
      const labels = w.template.metadata?.labels ?? {};
      const annotations =
        (getField(w.template, 'metadata', 'annotations') as Record<string, string> | undefined) ??
        {};
      if (
        !injecting.has(namespace) ||
        labels[INJECT] === 'false' ||
        annotations[INJECT] === 'false'
      )
        continue;
      const add = (field: string, message: string) =>
        problems.push(problem(w.manifest, `${w.path}.${field}`, message));
      if (w.manifest.object.kind === 'StatefulSet') {
        add(
          `metadata.labels[${INJECT}]`,
          `namespace ${namespace} injects Istio sidecars and this data store gets one: MySQL speaks first on a connection (a server-first protocol) and its clients never connect through a sidecar; label the pods ${INJECT}: "false"`,
        );
        continue;
      }
      const excluded = (annotations[EXCLUDE_OUTBOUND] ?? '')
        .split(',')
        .map((p) => Number(p.trim()));
      for (const { container, field, init } of containersOf(w)) {
        const missing = init
          ? waitedPorts(container.env).filter((port) => !excluded.includes(port))
          : [];
        if (missing.length > 0) {
          problems.push(
            problem(
              w.manifest,
              field,
              `waits for port ${missing.join(', ')} before Istio's sidecar runs, but the pod's traffic already goes to the sidecar: list the port in the ${EXCLUDE_OUTBOUND} annotation`,
            ),
          );
        }
      }
      if (!egressAllowed(manifests, namespace, labels, ISTIOD)) {
        add(
          'metadata.labels',
          `NetworkPolicies keep the Istio sidecar from reaching istiod (${ISTIOD.namespace}, TCP ${ISTIOD.port}): the pod stays READY 1/2; allow that egress`,
        );
      }
    }
    return problems;
  },
};
