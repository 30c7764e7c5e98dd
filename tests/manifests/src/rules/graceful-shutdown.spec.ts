import { describe, expect, it } from 'vitest';
import { formatProblem } from '../model.js';
import { edit, validSystem } from '../testing/system.js';
import { gracefulShutdownRule } from './graceful-shutdown.js';

const run = (ctx: ReturnType<typeof validSystem>) =>
  gracefulShutdownRule.check(ctx).map(formatProblem);

describe('graceful-shutdown', () => {
  it('when delay + timeout exceed the grace period, then it gives both numbers', () => {
    const ctx = edit(
      validSystem(),
      'Deployment',
      'app',
      (d) => (d.spec.template.spec.terminationGracePeriodSeconds = 20),
    );
    expect(run(ctx)).toEqual([
      'fixture/deployment.yaml: Deployment/app: spec.template.spec.terminationGracePeriodSeconds: 20 s does not exceed SHUTDOWN_DELAY_MS + SHUTDOWN_TIMEOUT_MS = 25 s: the kubelet kills the pod before it has drained',
    ]);
  });

  it('when SHUTDOWN_DELAY_MS is unset, then the schema default 0 is flagged', () => {
    const ctx = edit(
      validSystem(),
      'ConfigMap',
      'app-config-h4sh',
      (c) => delete c.data.SHUTDOWN_DELAY_MS,
    );
    expect(run(ctx).join('\n')).toMatch(/containers\[app\].env: SHUTDOWN_DELAY_MS is 0/);
  });

  it('when the grace period is not set, then the Kubernetes default of 30 s counts', () => {
    const ctx = edit(
      validSystem(),
      'Deployment',
      'app',
      (d) => delete d.spec.template.spec.terminationGracePeriodSeconds,
    );
    edit(ctx, 'ConfigMap', 'app-config-h4sh', (c) => (c.data.SHUTDOWN_TIMEOUT_MS = '30000'));
    expect(run(ctx).join('\n')).toMatch(/30 s does not exceed .* = 35 s/);
  });
});
