import { describe, expect, it } from 'vitest';
import { formatProblem } from '../model.js';
import { edit, remove, validSystem } from '../testing/system.js';
import { referencesRule } from './references.js';

const run = (ctx: ReturnType<typeof validSystem>) => referencesRule.check(ctx).map(formatProblem);

describe('references', () => {
  it('when a pod uses a ServiceAccount that does not exist, then it is named (RoleBinding subject too)', () => {
    const ctx = remove(validSystem(), 'ServiceAccount', 'app');
    expect(run(ctx)).toEqual([
      'fixture/deployment.yaml: Deployment/app: spec.template.spec.serviceAccountName: no ServiceAccount "app" in this namespace',
      'fixture/rolebinding.yaml: RoleBinding/app-leases: subjects[app]: no ServiceAccount "app" in namespace lab',
    ]);
  });

  it('when a RoleBinding names a missing Role, then it is reported', () => {
    const ctx = edit(
      validSystem(),
      'RoleBinding',
      'app-leases',
      (b) => (b.roleRef.name = 'app-lease'),
    );
    expect(run(ctx)).toEqual([
      'fixture/rolebinding.yaml: RoleBinding/app-leases: roleRef.name: no Role "app-lease" in this namespace',
    ]);
  });

  it('when an HPA targets a missing workload, or one that sets replicas or lacks cpu requests, then each is named', () => {
    const missing = edit(
      validSystem(),
      'HorizontalPodAutoscaler',
      'other',
      (h) => (h.spec.scaleTargetRef.name = 'dbs'),
    );
    expect(run(missing)).toEqual([
      'fixture/horizontalpodautoscaler.yaml: HorizontalPodAutoscaler/other: spec.scaleTargetRef: no StatefulSet "dbs" in this namespace',
    ]);
    const ctx = edit(validSystem(), 'StatefulSet', 'db', (s) => {
      s.spec.replicas = 1;
      delete s.spec.template.spec.containers[0].resources.requests.cpu;
    });
    expect(run(ctx).join('\n')).toMatch(
      /StatefulSet\/db: spec.replicas: set while HorizontalPodAutoscaler\/other owns the count/,
    );
    expect(run(ctx).join('\n')).toMatch(
      /StatefulSet\/db: spec.template.spec.containers\[db\].resources.requests.cpu: missing, but HorizontalPodAutoscaler\/other scales on cpu/,
    );
  });

  it('when a StatefulSet Service is missing or not headless, then it is reported', () => {
    const ctx = edit(validSystem(), 'Service', 'db', (s) => delete s.spec.clusterIP);
    expect(run(ctx)).toEqual([
      'fixture/statefulset.yaml: StatefulSet/db: spec.serviceName: Service/db is not headless (clusterIP: None): the pods get no stable DNS names',
    ]);
    expect(run(remove(validSystem(), 'Service', 'db'))).toEqual([
      'fixture/statefulset.yaml: StatefulSet/db: spec.serviceName: no Service "db": the pods get no stable DNS names',
    ]);
  });
});
