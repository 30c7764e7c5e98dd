import { containersOf, dataKeys, findObject, workloads } from '../objects.js';
import { problem, type Manifest, type Problem, type Rule } from '../model.js';

/** envFrom, env valueFrom and volumes vs the ConfigMaps and Secrets that exist (and their keys). */
export const configRefsRule: Rule = {
  id: 'config-refs',
  title:
    'every ConfigMap and Secret a pod refers to (envFrom, env valueFrom, volumes) exists and has the keys asked for',
  check({ manifests }) {
    const problems: Problem[] = [];
    for (const w of workloads(manifests)) {
      const need = (
        field: string,
        kind: 'ConfigMap' | 'Secret',
        name: string,
        optional: boolean | undefined,
        keys: string[] = [],
      ) => {
        const found: Manifest | undefined = findObject(manifests, w.manifest, kind, name);
        if (!found) {
          if (!optional)
            problems.push(
              problem(
                w.manifest,
                field,
                `${kind} "${name}" does not exist in this namespace (is its generator in the kustomization?)`,
              ),
            );
          return;
        }
        const present = dataKeys(found.object);
        for (const key of keys.filter((k) => !present.includes(k))) {
          problems.push(
            problem(
              w.manifest,
              field,
              `${kind}/${name} (${found.file}) has no key "${key}" (it has ${present.join(', ') || 'none'})`,
            ),
          );
        }
      };
      for (const { container, field } of containersOf(w)) {
        (container.envFrom ?? []).forEach((source, i) => {
          if (source.configMapRef)
            need(
              `${field}.envFrom[${i}].configMapRef`,
              'ConfigMap',
              source.configMapRef.name,
              source.configMapRef.optional,
            );
          if (source.secretRef)
            need(
              `${field}.envFrom[${i}].secretRef`,
              'Secret',
              source.secretRef.name,
              source.secretRef.optional,
            );
        });
        for (const variable of container.env ?? []) {
          const cm = variable.valueFrom?.configMapKeyRef;
          const secret = variable.valueFrom?.secretKeyRef;
          if (cm)
            need(
              `${field}.env[${variable.name}].valueFrom.configMapKeyRef`,
              'ConfigMap',
              cm.name,
              cm.optional,
              [cm.key],
            );
          if (secret)
            need(
              `${field}.env[${variable.name}].valueFrom.secretKeyRef`,
              'Secret',
              secret.name,
              secret.optional,
              [secret.key],
            );
        }
      }
      for (const volume of w.template.spec?.volumes ?? []) {
        const field = `${w.path}.spec.volumes[${volume.name}]`;
        if (volume.configMap)
          need(
            `${field}.configMap`,
            'ConfigMap',
            volume.configMap.name,
            volume.configMap.optional,
            volume.configMap.items?.map((i) => i.key),
          );
        if (volume.secret)
          need(
            `${field}.secret`,
            'Secret',
            volume.secret.secretName,
            volume.secret.optional,
            volume.secret.items?.map((i) => i.key),
          );
        (volume.projected?.sources ?? []).forEach((source, i) => {
          if (source.configMap)
            need(
              `${field}.projected.sources[${i}].configMap`,
              'ConfigMap',
              source.configMap.name,
              source.configMap.optional,
            );
          if (source.secret)
            need(
              `${field}.projected.sources[${i}].secret`,
              'Secret',
              source.secret.name,
              source.secret.optional,
            );
        });
      }
    }
    return problems;
  },
};
