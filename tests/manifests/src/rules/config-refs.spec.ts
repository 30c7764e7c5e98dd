import { describe, expect, it } from 'vitest';
import { formatProblem } from '../model.js';
import { edit, remove, validSystem } from '../testing/system.js';
import { configRefsRule } from './config-refs.js';

const run = (ctx: ReturnType<typeof validSystem>) => configRefsRule.check(ctx).map(formatProblem);

describe('config-refs', () => {
  it('when envFrom names a Secret that is not rendered, then it says which and where', () => {
    const ctx = remove(validSystem(), 'Secret', 'app-secrets-h4sh');
    expect(run(ctx)).toEqual([
      'fixture/deployment.yaml: Deployment/app: spec.template.spec.containers[app].envFrom[1].secretRef: Secret "app-secrets-h4sh" does not exist in this namespace (is its generator in the kustomization?)',
    ]);
  });

  it('when the reference is optional, then a missing ConfigMap is fine', () => {
    const ctx = edit(
      remove(validSystem(), 'ConfigMap', 'app-config-h4sh'),
      'Deployment',
      'app',
      (d) => (d.spec.template.spec.containers[0].envFrom[0].configMapRef.optional = true),
    );
    expect(run(ctx)).toEqual([]);
  });

  it('when env valueFrom asks for a key the ConfigMap lacks, then it lists the keys it has', () => {
    const ctx = edit(validSystem(), 'Deployment', 'app', (d) =>
      d.spec.template.spec.containers[0].env.push({
        name: 'X',
        valueFrom: { configMapKeyRef: { name: 'app-config-h4sh', key: 'PROT' } },
      }),
    );
    expect(run(ctx).join('\n')).toMatch(
      /containers\[app\]\.env\[X\]\.valueFrom\.configMapKeyRef: ConfigMap\/app-config-h4sh \(fixture\/configmap.yaml\) has no key "PROT" \(it has PORT, SHUTDOWN_DELAY_MS, SHUTDOWN_TIMEOUT_MS\)/,
    );
  });

  it('when a volume mounts a missing Secret, then it is reported', () => {
    const ctx = edit(validSystem(), 'Deployment', 'app', (d) =>
      d.spec.template.spec.volumes.push({ name: 'certs', secret: { secretName: 'tls' } }),
    );
    expect(run(ctx).join('\n')).toMatch(
      /spec.template.spec.volumes\[certs\].secret: Secret "tls" does not exist/,
    );
  });
});
