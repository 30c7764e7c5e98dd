import { describe, expect, it } from 'vitest';
import { formatProblem } from './model.js';
import { modelModule, pointerToField, validateSchema } from './schema.js';
import { add, edit, validSystem } from './testing/system.js';

const problemsOf = async (ctx: ReturnType<typeof validSystem>) =>
  (await Promise.all(ctx.manifests.map(validateSchema))).flat().map(formatProblem);

describe('schema validation', () => {
  it('when every object of the fixture is valid, then it reports nothing (Kubernetes and Istio kinds)', async () => {
    expect(await problemsOf(validSystem())).toEqual([]);
  });

  it("when k3s's HelmChartConfig is used, then its valuesContent is required and other fields are unknown", async () => {
    const ctx = add(
      { ...validSystem(), manifests: [] },
      'apiVersion: helm.cattle.io/v1\nkind: HelmChartConfig\nmetadata: {name: traefik, namespace: kube-system}\nspec: {valuesContent: "a: 1"}\n',
    );
    expect(await problemsOf(ctx)).toEqual([]);
    edit(ctx, 'HelmChartConfig', 'traefik', (h) => (h.spec = { values: 'a: 1' }));
    expect(await problemsOf(ctx)).toEqual([
      'fixture/helmchartconfig.yaml: HelmChartConfig/traefik: spec.valuesContent: must be a string (the chart values, as YAML)',
      'fixture/helmchartconfig.yaml: HelmChartConfig/traefik: spec.values: unknown field: HelmChartConfig helm.cattle.io/v1 has no such field here (the API server rejects or drops it)',
    ]);
  });

  it('when a field is misspelt, then it is an unknown field at its path', async () => {
    const ctx = edit(
      validSystem(),
      'Deployment',
      'app',
      (d) => (d.spec.template.spec.containers[0].readinessprobe = {}),
    );
    expect(await problemsOf(ctx)).toEqual([
      'fixture/deployment.yaml: Deployment/app: spec.template.spec.containers[0].readinessprobe: unknown field: Deployment apps/v1 has no such field here (the API server rejects or drops it)',
    ]);
  });

  it('when a value has the wrong type, then the path and the expected type are given', async () => {
    const ctx = edit(validSystem(), 'Service', 'app', (s) => (s.spec.ports[0].port = '80'));
    expect(await problemsOf(ctx)).toEqual([
      'fixture/service.yaml: Service/app: spec.ports[0].port: must be integer',
    ]);
  });

  it('when a required field is missing or an enum value is wrong, then each is reported', async () => {
    const ctx = edit(
      validSystem(),
      'Ingress',
      'lab',
      (i) => (i.spec.rules[0].http.paths[0].pathType = 'prefix'),
    );
    edit(ctx, 'Deployment', 'app', (d) => delete d.spec.template.spec.containers[0].name);
    const found = (await problemsOf(ctx)).join('\n');
    expect(found).toMatch(
      /Ingress\/lab: spec.rules\[0\].http.paths\[0\].pathType: must be equal to one of the allowed values \(Exact, ImplementationSpecific, Prefix\)/,
    );
    expect(found).toMatch(
      /Deployment\/app: spec.template.spec.containers\[0\]: must have required property name/,
    );
  });

  it('when an Istio object has a misspelt field or a wrong type, then it is reported too', async () => {
    const ctx = edit(validSystem(), 'VirtualService', 'lab', (v) => {
      v.spec.http[0].route[0].weigth = 100;
      v.spec.http[0].route[0].destination.port = { number: '80' };
    });
    const found = (await problemsOf(ctx)).join('\n');
    expect(found).toMatch(/VirtualService\/lab: spec.http\[0\].route\[0\].weigth: unknown field/);
    expect(found).toMatch(
      /VirtualService\/lab: spec.http\[0\].route\[0\].destination.port.number: must be integer/,
    );
  });

  it('when an apiVersion was removed from Kubernetes, then it says when and what replaces it', async () => {
    const ctx = edit(validSystem(), 'Ingress', 'lab', (i) => (i.apiVersion = 'extensions/v1beta1'));
    edit(ctx, 'HorizontalPodAutoscaler', 'other', (h) => (h.apiVersion = 'autoscaling/v2beta2'));
    expect(await problemsOf(ctx)).toEqual([
      'fixture/ingress.yaml: Ingress/lab: apiVersion: extensions/v1beta1 Ingress was removed in Kubernetes 1.22 (Ingress: networking.k8s.io/v1; workloads: apps/v1)',
      'fixture/horizontalpodautoscaler.yaml: HorizontalPodAutoscaler/other: apiVersion: autoscaling/v2beta2 HorizontalPodAutoscaler was removed in Kubernetes 1.26 (use autoscaling/v2)',
    ]);
  });

  it('when an apiVersion or kind is mistyped, then there is no schema for it', async () => {
    const ctx = edit(validSystem(), 'Deployment', 'app', (d) => (d.apiVersion = 'app/v1'));
    edit(ctx, 'Service', 'app', (s) => (s.kind = 'Sevrice'));
    const found = (await problemsOf(ctx)).join('\n');
    expect(found).toMatch(/Deployment\/app: apiVersion: no schema for app\/v1 Deployment: a typo/);
    expect(found).toMatch(/Sevrice\/app: apiVersion: no schema for v1 Sevrice/);
  });

  it('when Secret data is not base64, then it is reported; line breaks (kustomize wraps) are fine', async () => {
    const ctx = edit(
      validSystem(),
      'Secret',
      'app-secrets-h4sh',
      (s) => (s.data = { A: 'not base64!', B: 'YWJj\nZGVm\n' }),
    );
    expect(await problemsOf(ctx)).toEqual([
      'fixture/secret.yaml: Secret/app-secrets-h4sh: data.A: must match format "byte"',
    ]);
  });

  it('when mapping apiVersions to models, then only plausible names are imported', () => {
    expect(modelModule('v1', 'Service')).toBe('kubernetes-models/v1/Service');
    expect(modelModule('networking.istio.io/v1', 'Gateway')).toBe(
      '@kubernetes-models/istio/networking.istio.io/v1beta1/Gateway',
    );
    expect(modelModule('../../x', 'Service')).toBeUndefined();
    expect(modelModule('v1', '../Pod')).toBeUndefined();
    expect(pointerToField('/metadata/labels/app.kubernetes.io~1name')).toBe(
      'metadata.labels.app.kubernetes.io/name',
    );
  });
});
