import { containersOf, findObject, getField, workloads } from '../objects.js';
import { problem, type Problem, type Rule } from '../model.js';

/** Names one object gives of another: ServiceAccounts, RBAC bindings, HPA targets, StatefulSet Services. */
export const referencesRule: Rule = {
  id: 'references',
  title:
    'ServiceAccounts, RoleBinding roles and subjects, HPA targets and StatefulSet Services that objects name exist',
  check({ manifests }) {
    const problems: Problem[] = [];
    for (const w of workloads(manifests)) {
      const account = w.template.spec?.serviceAccountName;
      if (
        account &&
        account !== 'default' &&
        !findObject(manifests, w.manifest, 'ServiceAccount', account)
      ) {
        problems.push(
          problem(
            w.manifest,
            `${w.path}.spec.serviceAccountName`,
            `no ServiceAccount "${account}" in this namespace`,
          ),
        );
      }
      if (w.manifest.object.kind === 'StatefulSet') {
        const name = getField(w.manifest.object, 'spec', 'serviceName') as string | undefined;
        const service = name ? findObject(manifests, w.manifest, 'Service', name) : undefined;
        if (name && !service)
          problems.push(
            problem(
              w.manifest,
              'spec.serviceName',
              `no Service "${name}": the pods get no stable DNS names`,
            ),
          );
        if (service && getField(service.object, 'spec', 'clusterIP') !== 'None') {
          problems.push(
            problem(
              w.manifest,
              'spec.serviceName',
              `Service/${name} is not headless (clusterIP: None): the pods get no stable DNS names`,
            ),
          );
        }
      }
    }
    for (const binding of manifests.filter((m) => m.object.kind === 'RoleBinding')) {
      const roleRef = getField(binding.object, 'roleRef') as
        { kind: string; name: string } | undefined;
      if (roleRef?.kind === 'Role' && !findObject(manifests, binding, 'Role', roleRef.name)) {
        problems.push(
          problem(binding, 'roleRef.name', `no Role "${roleRef.name}" in this namespace`),
        );
      }
      const subjects =
        (getField(binding.object, 'subjects') as
          { kind: string; name: string; namespace?: string }[] | undefined) ?? [];
      for (const subject of subjects.filter((s) => s.kind === 'ServiceAccount')) {
        const found = manifests.some(
          (m) =>
            m.object.kind === 'ServiceAccount' &&
            m.object.metadata.name === subject.name &&
            (m.object.metadata.namespace ?? 'default') ===
              (subject.namespace ?? binding.object.metadata.namespace),
        );
        if (!found)
          problems.push(
            problem(
              binding,
              `subjects[${subject.name}]`,
              `no ServiceAccount "${subject.name}" in namespace ${subject.namespace ?? binding.object.metadata.namespace}`,
            ),
          );
      }
    }
    for (const hpa of manifests.filter((m) => m.object.kind === 'HorizontalPodAutoscaler')) {
      const ref = getField(hpa.object, 'spec', 'scaleTargetRef') as
        { kind: string; name: string } | undefined;
      const target = ref ? findObject(manifests, hpa, ref.kind, ref.name) : undefined;
      if (!ref || !target) {
        problems.push(
          problem(
            hpa,
            'spec.scaleTargetRef',
            `no ${ref?.kind ?? 'target'} "${ref?.name ?? ''}" in this namespace`,
          ),
        );
        continue;
      }
      if (getField(target.object, 'spec', 'replicas') !== undefined) {
        problems.push(
          problem(
            target,
            'spec.replicas',
            `set while HorizontalPodAutoscaler/${hpa.object.metadata.name} owns the count: every apply resets it; remove it`,
          ),
        );
      }
      const metrics =
        (getField(hpa.object, 'spec', 'metrics') as
          { resource?: { name: string; target?: { type?: string } } }[] | undefined) ?? [];
      const utilization = metrics
        .filter((m) => m.resource?.target?.type === 'Utilization')
        .map((m) => m.resource?.name ?? '');
      for (const w of workloads([target])) {
        for (const { container, field, init } of containersOf(w)) {
          if (init) continue;
          for (const resource of utilization.filter(
            (r) => container.resources?.requests?.[r] === undefined,
          )) {
            problems.push(
              problem(
                target,
                `${field}.resources.requests.${resource}`,
                `missing, but HorizontalPodAutoscaler/${hpa.object.metadata.name} scales on ${resource} utilization, a percentage of it`,
              ),
            );
          }
        }
      }
    }
    return problems;
  },
};
