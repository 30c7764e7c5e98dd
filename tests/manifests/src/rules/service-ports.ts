import type { ServicePort } from '../k8s-types.js';
import { containersOf, getField, selectedWorkloads } from '../objects.js';
import { problem, type Problem, type Rule } from '../model.js';

/** Service targetPort vs the container ports of the pods it selects; every port named. */
export const servicePortsRule: Rule = {
  id: 'service-ports',
  title: 'every Service port is named and its targetPort is a port of every pod it selects',
  check({ manifests }) {
    const problems: Problem[] = [];
    for (const service of manifests.filter((m) => m.object.kind === 'Service')) {
      const ports = (getField(service.object, 'spec', 'ports') as ServicePort[] | undefined) ?? [];
      const selector = getField(service.object, 'spec', 'selector') as
        Record<string, string> | undefined;
      const pods = selector ? selectedWorkloads(manifests, service, { matchLabels: selector }) : [];
      for (const port of ports) {
        const field = `spec.ports[${port.name ?? port.port}]`;
        if (!port.name)
          problems.push(
            problem(
              service,
              `${field}.name`,
              'missing: name every port, so Ingresses, probes and policies can refer to it by name',
            ),
          );
        const target = port.targetPort ?? port.port;
        for (const pod of pods) {
          const containerPorts = containersOf(pod)
            .filter((c) => !c.init)
            .flatMap((c) => c.container.ports ?? []);
          const found =
            typeof target === 'string'
              ? containerPorts.some((p) => p.name === target)
              : containerPorts.some((p) => p.containerPort === target);
          if (!found) {
            const offered =
              containerPorts
                .map((p) => (p.name ? `${p.name} (${p.containerPort})` : String(p.containerPort)))
                .join(', ') || 'none';
            problems.push(
              problem(
                service,
                `${field}.targetPort`,
                `${JSON.stringify(target)} is not a container port of ${pod.manifest.object.kind}/${pod.manifest.object.metadata.name} (its ports: ${offered})`,
              ),
            );
          }
        }
      }
    }
    return problems;
  },
};
