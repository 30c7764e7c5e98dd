import { describe, expect, it } from 'vitest';
import { formatProblem } from '../model.js';
import { add, edit, validSystem } from '../testing/system.js';
import { selectorsRule } from './selectors.js';

const run = (ctx: ReturnType<typeof validSystem>) => selectorsRule.check(ctx).map(formatProblem);

describe('selectors', () => {
  it('when a Deployment selector asks for a label its template lacks, then it names file, object, field and label', () => {
    const ctx = edit(
      validSystem(),
      'Deployment',
      'app',
      (d) => (d.spec.template.metadata.labels['app.kubernetes.io/instance'] = 'other'),
    );
    expect(run(ctx)).toContain(
      'fixture/deployment.yaml: Deployment/app: spec.selector: does not match the labels of its own pod template (spec.template.metadata.labels): missing app.kubernetes.io/instance=app',
    );
  });

  it('when two Deployments select each other pods, then both are named', () => {
    const ctx = add(
      validSystem(),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app-v2, namespace: lab}\nspec:\n  selector: {matchLabels: {app.kubernetes.io/name: app}}\n  template: {metadata: {labels: {app.kubernetes.io/name: app}}, spec: {containers: []}}',
    );
    expect(run(ctx).join('\n')).toMatch(
      /Deployment\/app-v2: spec.selector: app.kubernetes.io\/name=app also selects the pods of Deployment\/app/,
    );
  });

  it('when a Service selects no pods, then it says so', () => {
    const ctx = edit(
      validSystem(),
      'Service',
      'app',
      (s) => (s.spec.selector = { 'app.kubernetes.io/name': 'ap' }),
    );
    expect(run(ctx)).toContain(
      'fixture/service.yaml: Service/app: spec.selector: app.kubernetes.io/name=ap selects no pod template in this namespace',
    );
  });

  it('when a PodDisruptionBudget or a NetworkPolicy peer selects no pods, then each is named', () => {
    const ctx = edit(
      validSystem(),
      'PodDisruptionBudget',
      'app',
      (p) => (p.spec.selector.matchLabels = { app: 'app' }),
    );
    edit(
      ctx,
      'NetworkPolicy',
      'app',
      (n) =>
        (n.spec.egress[0].to[0].podSelector.matchLabels = { 'app.kubernetes.io/name': 'mysql' }),
    );
    expect(run(ctx).join('\n')).toMatch(
      /PodDisruptionBudget\/app: spec.selector: app=app selects no pod/,
    );
    expect(run(ctx).join('\n')).toMatch(
      /NetworkPolicy\/app: spec.egress\[0\].to\[0\].podSelector: .* selects no pod/,
    );
  });

  it('when the objects are in another namespace, then they do not count', () => {
    const ctx = edit(
      validSystem(),
      'Deployment',
      'app',
      (d) => (d.metadata.namespace = 'elsewhere'),
    );
    expect(run(ctx).join('\n')).toMatch(
      /Service\/app: spec.selector: .* selects no pod template in this namespace/,
    );
  });
});
