import type { ServicePort } from '../k8s-types.js';
import { findObject, getField } from '../objects.js';
import { problem, type Manifest, type Problem, type Rule } from '../model.js';

interface Backend {
  service?: { name: string; port?: { name?: string; number?: number } };
}

/** Ingress backends vs Services and their ports. */
export const ingressBackendsRule: Rule = {
  id: 'ingress-backends',
  title: 'every Ingress backend is an existing Service and one of its ports',
  check({ manifests }) {
    const problems: Problem[] = [];
    const checkBackend = (ingress: Manifest, field: string, backend: Backend | undefined) => {
      if (!backend?.service) return;
      const { name, port } = backend.service;
      const service = findObject(manifests, ingress, 'Service', name);
      if (!service) {
        problems.push(
          problem(ingress, `${field}.service.name`, `no Service "${name}" in this namespace`),
        );
        return;
      }
      const ports = (getField(service.object, 'spec', 'ports') as ServicePort[] | undefined) ?? [];
      const ok =
        port?.name !== undefined
          ? ports.some((p) => p.name === port.name)
          : ports.some((p) => p.port === port?.number);
      if (!ok) {
        const wanted = port?.name !== undefined ? `name "${port.name}"` : `number ${port?.number}`;
        const offered = ports.map((p) => `${p.name ?? '(unnamed)'}=${p.port}`).join(', ');
        problems.push(
          problem(
            ingress,
            `${field}.service.port`,
            `Service/${name} has no port with ${wanted} (it has ${offered})`,
          ),
        );
      }
    };
    for (const ingress of manifests.filter((m) => m.object.kind === 'Ingress')) {
      checkBackend(
        ingress,
        'spec.defaultBackend',
        getField(ingress.object, 'spec', 'defaultBackend') as Backend | undefined,
      );
      const rules =
        (getField(ingress.object, 'spec', 'rules') as
          { http?: { paths?: { path?: string; backend?: Backend }[] } }[] | undefined) ?? [];
      rules.forEach((rule, i) =>
        (rule.http?.paths ?? []).forEach((path) =>
          checkBackend(
            ingress,
            `spec.rules[${i}].http.paths[${path.path ?? ''}].backend`,
            path.backend,
          ),
        ),
      );
    }
    return problems;
  },
};
