import { describe, expect, it } from 'vitest';
import { formatProblem } from '../model.js';
import { add, edit, remove, validSystem } from '../testing/system.js';
import { meshSidecarsRule } from './mesh-sidecars.js';

const run = (ctx: ReturnType<typeof validSystem>) => meshSidecarsRule.check(ctx).map(formatProblem);

/** The fixture with Istio injection on in its namespace, the data store opted out, init ports bypassed. */
const meshed = () => {
  const ctx = add(
    validSystem(),
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: lab, labels: {istio-injection: enabled}}\n',
  );
  edit(
    ctx,
    'StatefulSet',
    'db',
    (s) => (s.spec.template.metadata.labels['sidecar.istio.io/inject'] = 'false'),
  );
  edit(ctx, 'Deployment', 'app', (d) => {
    d.spec.template.spec.initContainers[0].env = [
      { name: 'WAIT_FOR', value: 'db:3306 broker:5672' },
    ];
    d.spec.template.metadata.annotations = {
      'traffic.sidecar.istio.io/excludeOutboundPorts': '3306,5672',
    };
  });
  // The fixture's policy isolates app's egress: the sidecar needs its way to istiod.
  return add(
    ctx,
    `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-istiod, namespace: lab}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: istio-system}}
          podSelector: {matchLabels: {app: istiod}}
      ports: [{protocol: TCP, port: 15012}]
`,
  );
};

describe('mesh-sidecars', () => {
  it('when injection is off, then nothing is asked', () => {
    expect(run(validSystem())).toEqual([]);
  });

  it('when injection is on and everything is set, then there is no problem', () => {
    expect(run(meshed())).toEqual([]);
  });

  it('when a StatefulSet would get a sidecar, then it is named with the label to add', () => {
    const ctx = edit(
      meshed(),
      'StatefulSet',
      'db',
      (s) => delete s.spec.template.metadata.labels['sidecar.istio.io/inject'],
    );
    expect(run(ctx)).toEqual([
      expect.stringMatching(
        /^fixture\/statefulset.yaml: StatefulSet\/db: spec.template.metadata.labels\[sidecar.istio.io\/inject\]: .*server-first/,
      ),
    ]);
  });

  it('when an init container waits for a port the sidecar captures, then the port is named', () => {
    const ctx = edit(
      meshed(),
      'Deployment',
      'app',
      (d) =>
        (d.spec.template.metadata.annotations['traffic.sidecar.istio.io/excludeOutboundPorts'] =
          '3306'),
    );
    expect(run(ctx)).toEqual([
      expect.stringMatching(
        /initContainers\[wait-for-deps\]: waits for port 5672 before Istio's sidecar runs/,
      ),
    ]);
  });

  it('when NetworkPolicies isolate egress without a way to istiod, then the pod is named', () => {
    const ctx = remove(meshed(), 'NetworkPolicy', 'allow-istiod');
    expect(run(ctx)).toEqual([
      expect.stringMatching(
        /Deployment\/app: spec.template.metadata.labels: NetworkPolicies keep the Istio sidecar from reaching istiod \(istio-system, TCP 15012\)/,
      ),
    ]);
  });

  it('when the allowing policy names another port or namespace, then it does not count', () => {
    const ctx = edit(
      meshed(),
      'NetworkPolicy',
      'allow-istiod',
      (p) => (p.spec.egress[0].ports = [{ protocol: 'TCP', port: 15010 }]),
    );
    expect(run(ctx)).toHaveLength(1);
    edit(ctx, 'NetworkPolicy', 'allow-istiod', (p) => {
      p.spec.egress[0].ports = [{ protocol: 'TCP', port: 15012 }];
      p.spec.egress[0].to[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name'] =
        'kube-system';
    });
    expect(run(ctx)).toHaveLength(1);
  });
});
