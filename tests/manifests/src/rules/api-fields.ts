import { containersOf, getField, workloads } from '../objects.js';
import { problem, type Manifest, type Problem, type Rule } from '../model.js';

const minor = (version: string): number => Number(/^v?1\.(\d+)/.exec(version)?.[1] ?? NaN);

/**
 * Fields the schemas (Kubernetes 1.33) accept but older API servers drop or refuse: the
 * release from which each works with default settings. A field used below its release is
 * silently dropped (then the object may be refused for what is left, as a handler-less preStop).
 */
const FIELDS: { since: string; what: string; find(m: Manifest): string[] }[] = [
  {
    since: '1.30',
    what: 'lifecycle sleep action (PodLifecycleSleepAction)',
    find: (m) =>
      workloads([m]).flatMap((w) =>
        containersOf(w).flatMap(({ container, field }) => {
          const lifecycle =
            (container as { lifecycle?: Record<string, { sleep?: { seconds?: number } }> })
              .lifecycle ?? {};
          return Object.entries(lifecycle)
            .filter(([, handler]) => handler?.sleep)
            .map(([hook]) => `${field}.lifecycle.${hook}.sleep`);
        }),
      ),
  },
  {
    since: '1.33',
    what: 'a zero-second sleep action (PodLifecycleSleepActionAllowZero)',
    find: (m) =>
      workloads([m]).flatMap((w) =>
        containersOf(w).flatMap(({ container, field }) => {
          const lifecycle =
            (container as { lifecycle?: Record<string, { sleep?: { seconds?: number } }> })
              .lifecycle ?? {};
          return Object.entries(lifecycle)
            .filter(([, handler]) => handler?.sleep?.seconds === 0)
            .map(([hook]) => `${field}.lifecycle.${hook}.sleep.seconds`);
        }),
      ),
  },
  {
    since: '1.31',
    what: 'Service trafficDistribution',
    find: (m) =>
      m.object.kind === 'Service' && getField(m.object, 'spec', 'trafficDistribution') !== undefined
        ? ['spec.trafficDistribution']
        : [],
  },
  {
    since: '1.33',
    what: 'in-place resize policy (InPlacePodVerticalScaling)',
    find: (m) =>
      workloads([m]).flatMap((w) =>
        containersOf(w)
          .filter(({ container }) => 'resizePolicy' in container)
          .map(({ field }) => `${field}.resizePolicy`),
      ),
  },
  {
    since: '1.34',
    what: 'pod-level resources (PodLevelResources)',
    find: (m) =>
      workloads([m]).flatMap((w) =>
        w.template.spec && 'resources' in w.template.spec ? [`${w.path}.spec.resources`] : [],
      ),
  },
];

/** Every field works on the oldest supported release, not only on the schemas' 1.33. */
export const apiFieldsRule: Rule = {
  id: 'api-fields',
  title:
    'every field works on the oldest supported Kubernetes release (scripts/lib/cluster-versions.ts MIN_KUBERNETES)',
  check({ manifests, minKubernetes }) {
    const problems: Problem[] = [];
    for (const manifest of manifests) {
      for (const field of FIELDS) {
        if (minor(field.since) <= minor(minKubernetes)) continue;
        for (const path of field.find(manifest)) {
          problems.push(
            problem(
              manifest,
              path,
              `${field.what} needs Kubernetes ${field.since}; podlab supports ${minKubernetes} and newer, whose API server drops the field`,
            ),
          );
        }
      }
    }
    return problems;
  },
};
