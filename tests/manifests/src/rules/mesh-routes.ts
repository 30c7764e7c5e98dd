import { findObject, getField, selectedWorkloads } from '../objects.js';
import { problem, type Manifest, type Problem, type Rule } from '../model.js';

interface Destination {
  host: string;
  subset?: string;
}

/** The Service a mesh host names: a short name or <name>.<namespace>.svc.cluster.local. */
function serviceForHost(manifests: Manifest[], from: Manifest, host: string): Manifest | undefined {
  const [name, namespace] = host.split('.');
  const scope = namespace
    ? { ...from, object: { ...from.object, metadata: { ...from.object.metadata, namespace } } }
    : from;
  return findObject(manifests, scope, 'Service', name);
}

/** Istio routes vs Services, DestinationRule subsets and the pods they name. */
export const meshRoutesRule: Rule = {
  id: 'mesh-routes',
  title:
    'Istio routes name existing Services, Gateways and subsets whose labels select pods, with weights adding up to 100',
  check({ manifests }) {
    const problems: Problem[] = [];
    const rules = manifests.filter((m) => m.object.kind === 'DestinationRule');
    for (const rule of rules) {
      const host = getField(rule.object, 'spec', 'host') as string;
      const service = serviceForHost(manifests, rule, host);
      if (!service) {
        problems.push(problem(rule, 'spec.host', `no Service "${host}"`));
        continue;
      }
      const selector = getField(service.object, 'spec', 'selector') as
        Record<string, string> | undefined;
      const subsets =
        (getField(rule.object, 'spec', 'subsets') as
          { name: string; labels?: Record<string, string> }[] | undefined) ?? [];
      for (const subset of subsets) {
        const selected = selectedWorkloads(manifests, rule, {
          matchLabels: { ...selector, ...subset.labels },
        });
        if (selected.length === 0) {
          problems.push(
            problem(
              rule,
              `spec.subsets[${subset.name}].labels`,
              `no pod of Service/${service.object.metadata.name} carries ${JSON.stringify(subset.labels ?? {})}: traffic sent to subset ${subset.name} fails with 503`,
            ),
          );
        }
      }
    }
    for (const vs of manifests.filter((m) => m.object.kind === 'VirtualService')) {
      for (const gateway of (getField(vs.object, 'spec', 'gateways') as string[] | undefined) ??
        []) {
        if (
          gateway !== 'mesh' &&
          !gateway.includes('/') &&
          !findObject(manifests, vs, 'Gateway', gateway)
        ) {
          problems.push(problem(vs, 'spec.gateways', `no Gateway "${gateway}" in this namespace`));
        }
      }
      const routes =
        (getField(vs.object, 'spec', 'http') as
          | { name?: string; route?: { destination: Destination; weight?: number }[] }[]
          | undefined) ?? [];
      routes.forEach((http, i) => {
        const field = `spec.http[${http.name ?? i}]`;
        const destinations = http.route ?? [];
        if (destinations.length > 1) {
          const total = destinations.reduce((sum, d) => sum + (d.weight ?? 0), 0);
          if (total !== 100)
            problems.push(problem(vs, `${field}.route`, `weights add up to ${total}, not 100`));
        }
        destinations.forEach(({ destination }, j) => {
          const service = serviceForHost(manifests, vs, destination.host);
          if (!service) {
            problems.push(
              problem(
                vs,
                `${field}.route[${j}].destination.host`,
                `no Service "${destination.host}"`,
              ),
            );
            return;
          }
          if (!destination.subset) return;
          const defined = rules.some(
            (r) =>
              serviceForHost(manifests, r, getField(r.object, 'spec', 'host') as string) ===
                service &&
              (
                (getField(r.object, 'spec', 'subsets') as { name: string }[] | undefined) ?? []
              ).some((s) => s.name === destination.subset),
          );
          if (!defined)
            problems.push(
              problem(
                vs,
                `${field}.route[${j}].destination.subset`,
                `no DestinationRule for ${destination.host} defines subset "${destination.subset}"`,
              ),
            );
        });
      });
    }
    return problems;
  },
};
