import { serviceContainers } from '../env.js';
import type { ServicePort } from '../k8s-types.js';
import { connectionAllowed, type Destination } from '../network-policy.js';
import { getField, selectorMatches, workloads, type Workload } from '../objects.js';
import { problem, type Manifest, type Problem, type Rule } from '../model.js';

/** The pods that scrape the others (components/observability). */
const SCRAPER = 'prometheus';
/** The annotation that asks Prometheus to scrape a pod, on its port named `http` (prometheus.yml). */
const SCRAPE = 'prometheus.io/scrape';
const METRICS_PORT = 'http';

const namespaceOf = (w: Workload) => w.manifest.object.metadata.namespace ?? 'default';
const podOf = (w: Workload) => ({
  namespace: namespaceOf(w),
  podLabels: w.template.metadata?.labels ?? {},
});

/** The pods behind `http://<service>[.<namespace>]:<port>`, each as a Destination (the pod port after the Service's translation). */
function destinationsOf(manifests: Manifest[], url: URL, from: Workload): Destination[] | string {
  const [name, namespace = namespaceOf(from)] = url.hostname.split('.');
  const service = manifests.find(
    (m) =>
      m.object.kind === 'Service' &&
      m.object.metadata.name === name &&
      (m.object.metadata.namespace ?? 'default') === namespace,
  );
  if (!service) return `names Service ${namespace}/${name}, which is not rendered`;
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const servicePort = (
    (getField(service.object, 'spec', 'ports') as ServicePort[] | undefined) ?? []
  ).find((p) => p.port === port);
  if (!servicePort) return `Service ${namespace}/${name} has no port ${port}`;
  const selector = getField(service.object, 'spec', 'selector') as Record<string, string>;
  return workloads(manifests)
    .filter(
      (w) =>
        namespaceOf(w) === namespace &&
        selectorMatches({ matchLabels: selector }, w.template.metadata?.labels),
    )
    .flatMap((w) => {
      const target = servicePort.targetPort ?? servicePort.port;
      const containerPort = (w.template.spec?.containers ?? [])
        .flatMap((c) => c.ports ?? [])
        .find((p) => (typeof target === 'number' ? p.containerPort === target : p.name === target));
      return containerPort
        ? [{ ...podOf(w), port: containerPort.containerPort, portName: containerPort.name }]
        : [];
    });
}

/**
 * With the observability lab on, and NetworkPolicies too: every service reaches the collector its
 * OTEL_EXPORTER_OTLP_ENDPOINT names, and Prometheus reaches every pod annotated for scraping.
 * Both ends count (the sender's egress, the receiver's ingress), as in the cluster.
 */
export const telemetryPathsRule: Rule = {
  id: 'telemetry-paths',
  title:
    'the NetworkPolicies let every service reach its OTLP endpoint and Prometheus reach every pod it scrapes',
  check({ manifests }) {
    const problems: Problem[] = [];
    const services = serviceContainers(manifests);
    for (const { workload: w, field: container, env } of services) {
      const endpoint = env.get('OTEL_EXPORTER_OTLP_ENDPOINT');
      if (!endpoint?.value) continue;
      const field = `${container}.env[OTEL_EXPORTER_OTLP_ENDPOINT]`;
      const destinations = destinationsOf(manifests, new URL(endpoint.value), w);
      if (typeof destinations === 'string') {
        problems.push(problem(w.manifest, field, `${endpoint.value} ${destinations}`));
        continue;
      }
      for (const to of destinations.filter((d) => !connectionAllowed(manifests, podOf(w), d)))
        problems.push(
          problem(
            w.manifest,
            field,
            `${endpoint.value}: the NetworkPolicies block ${to.namespace}/${to.podLabels['app.kubernetes.io/name']} port ${to.port}: the traces are lost`,
          ),
        );
    }
    const scrapers = services.filter((s) => s.service === SCRAPER).map((s) => s.workload);
    for (const w of workloads(manifests).filter(
      (x) => x.template.metadata?.annotations?.[SCRAPE] === 'true',
    )) {
      const field = `${w.path}.metadata.annotations[${SCRAPE}]`;
      const port = (w.template.spec?.containers ?? [])
        .flatMap((c) => c.ports ?? [])
        .find((p) => p.name === METRICS_PORT);
      if (!port) {
        problems.push(
          problem(
            w.manifest,
            field,
            `no container port is named ${METRICS_PORT}: nothing to scrape`,
          ),
        );
        continue;
      }
      const to = { ...podOf(w), port: port.containerPort, portName: port.name };
      for (const scraper of scrapers.filter((s) => !connectionAllowed(manifests, podOf(s), to)))
        problems.push(
          problem(
            w.manifest,
            field,
            `the NetworkPolicies keep ${namespaceOf(scraper)}/${SCRAPER} from port ${METRICS_PORT} (${port.containerPort}): its /metrics are never read`,
          ),
        );
    }
    return problems;
  },
};
