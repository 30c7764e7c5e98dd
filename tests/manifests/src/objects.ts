import type { Container, LabelSelector, PodTemplate } from './k8s-types.js';
import type { K8sObject, Manifest } from './model.js';

/** A pod template inside a workload, with where it sits in the object. */
export interface Workload {
  manifest: Manifest;
  /** Dotted path of the template, e.g. spec.template */
  path: string;
  template: PodTemplate;
  selector?: LabelSelector;
}

export interface ContainerRef {
  container: Container;
  /** e.g. spec.template.spec.initContainers[wait-for-deps] */
  field: string;
  init: boolean;
}

const get = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (node, key) =>
      node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined,
    value,
  );

const namespaceOf = (object: K8sObject): string => object.metadata.namespace ?? 'default';

export const sameNamespace = (a: Manifest, b: Manifest): boolean =>
  namespaceOf(a.object) === namespaceOf(b.object);

/** Every pod template: Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs. */
export function workloads(manifests: Manifest[]): Workload[] {
  const result: Workload[] = [];
  for (const manifest of manifests) {
    const { kind } = manifest.object;
    if (['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(kind)) {
      const template = get(manifest.object, 'spec', 'template') as PodTemplate | undefined;
      const selector = get(manifest.object, 'spec', 'selector') as LabelSelector | undefined;
      if (template) result.push({ manifest, path: 'spec.template', template, selector });
    } else if (kind === 'CronJob') {
      const template = get(manifest.object, 'spec', 'jobTemplate', 'spec', 'template') as
        PodTemplate | undefined;
      if (template) result.push({ manifest, path: 'spec.jobTemplate.spec.template', template });
    }
  }
  return result;
}

/** Init containers first, then the regular ones, each with its field path. */
export function containersOf(workload: Workload): ContainerRef[] {
  const spec = workload.template.spec ?? {};
  return [
    ...(spec.initContainers ?? []).map((container) => ({
      container,
      field: `${workload.path}.spec.initContainers[${container.name}]`,
      init: true,
    })),
    ...(spec.containers ?? []).map((container) => ({
      container,
      field: `${workload.path}.spec.containers[${container.name}]`,
      init: false,
    })),
  ];
}

/** Label selector semantics of the API server: every term must hold; an empty selector matches all. */
export function selectorMatches(
  selector: LabelSelector | undefined,
  labels: Record<string, string> = {},
): boolean {
  if (!selector) return false;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(
    ([key, value]) => labels[key] === value,
  );
  const byExpressions = (selector.matchExpressions ?? []).every(
    ({ key, operator, values = [] }) => {
      switch (operator) {
        case 'In':
          return key in labels && values.includes(labels[key]);
        case 'NotIn':
          return !(key in labels) || !values.includes(labels[key]);
        case 'Exists':
          return key in labels;
        case 'DoesNotExist':
          return !(key in labels);
        default:
          return false;
      }
    },
  );
  return byLabels && byExpressions;
}

/** Pod templates in the manifest's namespace whose labels the selector matches. */
export function selectedWorkloads(
  manifests: Manifest[],
  from: Manifest,
  selector: LabelSelector,
): Workload[] {
  return workloads(manifests).filter(
    (w) =>
      sameNamespace(w.manifest, from) && selectorMatches(selector, w.template.metadata?.labels),
  );
}

/** The object of that kind and name in the same namespace as `from`. */
export function findObject(
  manifests: Manifest[],
  from: Manifest,
  kind: string,
  name: string,
): Manifest | undefined {
  return manifests.find(
    (m) => m.object.kind === kind && m.object.metadata.name === name && sameNamespace(m, from),
  );
}

/** Keys of a ConfigMap or Secret (data, stringData, binaryData). */
export function dataKeys(object: K8sObject): string[] {
  return ['data', 'stringData', 'binaryData'].flatMap((field) =>
    Object.keys((object[field] as Record<string, unknown> | undefined) ?? {}),
  );
}

/** A value of a ConfigMap or Secret as text (Secret data is base64). */
export function dataValue(object: K8sObject, key: string): string | undefined {
  const data = (object.data as Record<string, string> | undefined)?.[key];
  if (data !== undefined)
    return object.kind === 'Secret' ? Buffer.from(data, 'base64').toString('utf8') : data;
  return (object.stringData as Record<string, string> | undefined)?.[key];
}

export { get as getField };
