import { describe, expect, it } from 'vitest';
import { formatProblem } from '../model.js';
import { add, edit, validSystem } from '../testing/system.js';
import { telemetryPathsRule } from './telemetry-paths.js';

const run = (ctx: ReturnType<typeof validSystem>) =>
  telemetryPathsRule.check(ctx).map(formatProblem);

const pod = (name: string, port: string, number: number) => `---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: obs}
spec:
  selector: {app.kubernetes.io/name: ${name}}
  ports: [{name: ${port}, port: ${number}, targetPort: ${port}}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: obs}
spec:
  selector: {matchLabels: {app.kubernetes.io/name: ${name}}}
  template:
    metadata: {labels: {app.kubernetes.io/name: ${name}}}
    spec:
      containers: [{name: ${name}, image: x/${name}:1.0.0, ports: [{name: ${port}, containerPort: ${number}}]}]
`;

/** The fixture's app sends traces to a collector in namespace obs and is scraped by Prometheus there. */
const observed = () => {
  const ctx = add(
    validSystem(),
    pod('otel-collector', 'otlp-http', 4318) + pod('prometheus', 'http', 9090),
  );
  return edit(ctx, 'Deployment', 'app', (d) => {
    d.spec.template.spec.containers[0].env.push({
      name: 'OTEL_EXPORTER_OTLP_ENDPOINT',
      value: 'http://otel-collector.obs:4318',
    });
    d.spec.template.metadata.annotations = { 'prometheus.io/scrape': 'true' };
  });
};

/** A NetworkPolicy of namespace lab that isolates every pod both ways, then allows what `rules` say. */
const policy = (name: string, rules = '') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: lab}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
${rules}`;

const DENY_INGRESS = policy('default-deny');
/** What components/network-policies/allow-observability.yaml allows, for namespace lab. */
const ALLOW = policy(
  'allow-observability',
  `  ingress:
    - from:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: obs}}
          podSelector: {matchLabels: {app.kubernetes.io/name: prometheus}}
      ports: [{port: http}]
  egress:
    - to:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: obs}}
          podSelector: {matchLabels: {app.kubernetes.io/name: otel-collector}}
      ports: [{port: 4318}]
`,
);

describe('telemetry-paths', () => {
  it('when nothing exports traces or asks to be scraped, then nothing is asked', () => {
    expect(run(validSystem())).toEqual([]);
  });

  it("when the app's egress policy allows only its database, then the lost traces are named", () => {
    expect(run(observed())).toEqual([
      expect.stringContaining(
        'Deployment/app: spec.template.spec.containers[app].env[OTEL_EXPORTER_OTLP_ENDPOINT]: http://otel-collector.obs:4318: the NetworkPolicies block obs/otel-collector port 4318',
      ),
    ]);
  });

  it('when default deny isolates the pods, then the unread /metrics are named too', () => {
    const problems = run(add(observed(), DENY_INGRESS));
    expect(problems).toHaveLength(2);
    expect(problems[1]).toContain(
      'Deployment/app: spec.template.metadata.annotations[prometheus.io/scrape]: the NetworkPolicies keep obs/prometheus from port http (3000)',
    );
  });

  it('when a policy allows both paths, as allow-observability does, then there is no problem', () => {
    expect(run(add(add(observed(), DENY_INGRESS), ALLOW))).toEqual([]);
  });

  it('when the endpoint names a Service that is not rendered, then it says so', () => {
    const ctx = edit(observed(), 'Deployment', 'app', (d) => {
      d.spec.template.spec.containers[0].env.at(-1).value = 'http://collector.elsewhere:4318';
    });
    expect(run(add(ctx, ALLOW))).toEqual([
      expect.stringContaining('names Service elsewhere/collector, which is not rendered'),
    ]);
  });

  it('when a scraped pod has no port named http, then it says there is nothing to scrape', () => {
    const ctx = edit(observed(), 'Deployment', 'app', (d) => {
      d.spec.template.spec.containers[0].ports[0].name = 'web';
    });
    expect(run(add(ctx, ALLOW))).toContainEqual(
      expect.stringContaining('no container port is named http: nothing to scrape'),
    );
  });
});
