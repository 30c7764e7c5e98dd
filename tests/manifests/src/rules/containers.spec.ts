import { describe, expect, it } from 'vitest';
import { formatProblem } from '../model.js';
import { edit, validSystem } from '../testing/system.js';
import { containersRule } from './containers.js';

const run = (ctx: ReturnType<typeof validSystem>) => containersRule.check(ctx).map(formatProblem);
const field = 'fixture/deployment.yaml: Deployment/app: spec.template.spec';

describe('containers', () => {
  it('when an init container has no resources, then each missing one is named', () => {
    const ctx = edit(
      validSystem(),
      'Deployment',
      'app',
      (d) => delete d.spec.template.spec.initContainers[0].resources,
    );
    expect(run(ctx)).toHaveLength(4);
    expect(run(ctx)[0]).toMatch(
      `${field}.initContainers[wait-for-deps].resources.requests.cpu: missing`,
    );
  });

  it('when a container may escalate, writes its root filesystem and keeps capabilities, then each is named', () => {
    const ctx = edit(
      validSystem(),
      'Deployment',
      'app',
      (d) =>
        (d.spec.template.spec.containers[0].securityContext = {
          capabilities: { add: ['NET_ADMIN'] },
        }),
    );
    const found = run(ctx).join('\n');
    expect(found).toContain(
      `${field}.containers[app].securityContext.allowPrivilegeEscalation: must be false`,
    );
    expect(found).toContain(
      `${field}.containers[app].securityContext.readOnlyRootFilesystem: must be true`,
    );
    expect(found).toContain(
      `${field}.containers[app].securityContext.capabilities.drop: must include ALL`,
    );
    expect(found).toContain(
      `${field}.containers[app].securityContext.capabilities.add: adds NET_ADMIN`,
    );
  });

  it('when neither pod nor container says runAsNonRoot and seccomp, then both are named', () => {
    const ctx = edit(
      validSystem(),
      'Deployment',
      'app',
      (d) => (d.spec.template.spec.securityContext = {}),
    );
    const found = run(ctx).join('\n');
    expect(found).toContain(
      `${field}.initContainers[wait-for-deps].securityContext.runAsNonRoot: must be true`,
    );
    expect(found).toContain(`${field}.containers[app].securityContext.seccompProfile: missing`);
  });

  it('when a container has no readiness probe, then it says what that costs', () => {
    const ctx = edit(
      validSystem(),
      'Deployment',
      'app',
      (d) => delete d.spec.template.spec.containers[0].readinessProbe,
    );
    expect(run(ctx)).toEqual([
      `${field}.containers[app].readinessProbe: missing: traffic reaches the pod before it can serve, and while it drains`,
    ]);
  });

  it('when liveness and readiness probe the same endpoint, then readiness is flagged', () => {
    const ctx = edit(
      validSystem(),
      'Deployment',
      'app',
      (d) =>
        (d.spec.template.spec.containers[0].readinessProbe = {
          httpGet: { path: '/healthz', port: 'http' },
          periodSeconds: 3,
        }),
    );
    expect(run(ctx).join('\n')).toMatch(
      /containers\[app\].readinessProbe: checks the same thing as livenessProbe/,
    );
  });

  it('when an init container has no probes, then that is fine (it runs to completion)', () => {
    expect(run(validSystem())).toEqual([]);
  });
});
