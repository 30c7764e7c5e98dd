import { problem, type K8sObject, type Manifest, type Problem } from './model.js';

/**
 * Offline schema validation. Kubernetes objects: the `kubernetes-models` package, generated
 * from the Kubernetes 1.33 OpenAPI spec (every field the overlays use exists since 1.30).
 * Istio objects: `@kubernetes-models/istio`; networking.istio.io/v1 is v1beta1 promoted
 * unchanged, so v1 objects are checked with the v1beta1 schema.
 */
export const SCHEMA_SOURCES =
  'Kubernetes 1.33 (kubernetes-models), Istio networking (@kubernetes-models/istio), k3s HelmChartConfig';

/** A kubernetes-models class: its prototype's validate() checks `this` against the schema. */
interface ModelClass {
  prototype: { validate?: (this: unknown) => void };
}
interface AjvError {
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

/**
 * API versions a 1.30 cluster no longer serves. The models package keeps them for old
 * clusters, so the schema alone would accept them: the API server would not.
 */
export const REMOVED_API_VERSIONS: Record<string, string> = {
  'extensions/v1beta1': '1.22 (Ingress: networking.k8s.io/v1; workloads: apps/v1)',
  'apps/v1beta1': '1.16 (use apps/v1)',
  'apps/v1beta2': '1.16 (use apps/v1)',
  'networking.k8s.io/v1beta1': '1.22 (use networking.k8s.io/v1)',
  'rbac.authorization.k8s.io/v1beta1': '1.22 (use rbac.authorization.k8s.io/v1)',
  'admissionregistration.k8s.io/v1beta1': '1.22 (use admissionregistration.k8s.io/v1)',
  'apiextensions.k8s.io/v1beta1': '1.22 (use apiextensions.k8s.io/v1)',
  'policy/v1beta1':
    '1.25 (PodDisruptionBudget: policy/v1; PodSecurityPolicy is gone, use Pod Security admission)',
  'batch/v1beta1': '1.25 (use batch/v1)',
  'discovery.k8s.io/v1beta1': '1.25 (use discovery.k8s.io/v1)',
  'events.k8s.io/v1beta1': '1.25 (use events.k8s.io/v1)',
  'autoscaling/v2beta1': '1.25 (use autoscaling/v2)',
  'autoscaling/v2beta2': '1.26 (use autoscaling/v2)',
  'flowcontrol.apiserver.k8s.io/v1beta1': '1.26 (use flowcontrol.apiserver.k8s.io/v1)',
  'flowcontrol.apiserver.k8s.io/v1beta2': '1.29 (use flowcontrol.apiserver.k8s.io/v1)',
  'storage.k8s.io/v1beta1': '1.27 for CSIStorageCapacity (use storage.k8s.io/v1)',
};

/**
 * Kinds no models package has, checked by hand: k3s's HelmChartConfig (helm.cattle.io/v1), which
 * the k3d overlay uses to configure Traefik. Every field it reads is a known one.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- reads an untyped object through the tracking proxy */
const LOCAL_MODELS: Record<string, ModelClass> = {
  'helm.cattle.io/v1/HelmChartConfig': {
    prototype: {
      validate(this: any) {
        const errors: AjvError[] = [];
        void this.apiVersion;
        void this.kind;
        const metadata = this.metadata;
        if (typeof metadata?.name !== 'string')
          errors.push({ instancePath: '/metadata/name', message: 'must be a string' });
        for (const key of ['labels', 'annotations']) {
          const map = metadata?.[key];
          for (const k of Object.keys(map ?? {})) void map[k];
        }
        void metadata?.namespace;
        const spec = this.spec;
        if (typeof spec?.valuesContent !== 'string')
          errors.push({
            instancePath: '/spec/valuesContent',
            message: 'must be a string (the chart values, as YAML)',
          });
        void spec?.failurePolicy;
        void spec?.valuesSecrets;
        if (errors.length > 0) throw Object.assign(new Error('invalid'), { errors });
      },
    },
  },
};
/* eslint-enable @typescript-eslint/no-explicit-any */

const models = new Map<string, Promise<ModelClass | undefined>>();

/** Where the model class for an apiVersion and kind lives. */
export function modelModule(apiVersion: string, kind: string): string | undefined {
  if (!/^[A-Za-z0-9]+$/.test(kind)) return undefined;
  if (
    apiVersion.startsWith('networking.istio.io/') ||
    apiVersion.startsWith('security.istio.io/')
  ) {
    const [group, version] = apiVersion.split('/');
    return `@kubernetes-models/istio/${group}/${version === 'v1' ? 'v1beta1' : version}/${kind}`;
  }
  if (!/^([a-z0-9.-]+\/)?v[0-9a-z]+$/.test(apiVersion)) return undefined;
  return `kubernetes-models/${apiVersion}/${kind}`;
}

async function modelFor(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  const id = `${apiVersion}/${kind}`;
  if (LOCAL_MODELS[id]) return LOCAL_MODELS[id];
  if (!models.has(id)) {
    const specifier = modelModule(apiVersion, kind);
    models.set(
      id,
      specifier
        ? import(specifier).then(
            (mod: Record<string, ModelClass | undefined>) =>
              mod[kind]?.prototype.validate ? mod[kind] : undefined,
            () => undefined,
          )
        : Promise.resolve(undefined),
    );
  }
  return models.get(id) as Promise<ModelClass | undefined>;
}

/**
 * What the API server decodes: it reads Secret data as base64 with line breaks ignored, and
 * kustomize wraps long values. Istio v1 objects are checked as v1beta1.
 */
function normalise(object: K8sObject): K8sObject {
  const copy = structuredClone(object);
  // Checked with the v1beta1 schema (see SCHEMA_SOURCES), which pins its own apiVersion.
  if (/^(networking|security)\.istio\.io\/v1$/.test(copy.apiVersion))
    copy.apiVersion = `${copy.apiVersion}beta1`;
  if (copy.kind === 'Secret' && copy.data && typeof copy.data === 'object') {
    for (const [key, value] of Object.entries(copy.data as Record<string, unknown>)) {
      if (typeof value === 'string')
        (copy.data as Record<string, string>)[key] = value.replace(/[\r\n]/g, '');
    }
  }
  return copy;
}

/** JSON pointer → dotted path: /spec/ports/0/name → spec.ports[0].name */
export const pointerToField = (pointer: string): string =>
  pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce(
      (path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part),
      '',
    );

interface Node {
  value: Record<string, unknown>;
  read: Set<string>;
}

/**
 * Wraps an object so that every property the validator looks at is recorded. The generated
 * validators read each property their schema declares, so a property nobody read is one the
 * schema does not know: a typo, or a field of another kind or version.
 */
function tracked(value: unknown, pointer: string, nodes: Map<string, Node>): unknown {
  if (value === null || typeof value !== 'object') return value;
  const node: Node = { value: value as Record<string, unknown>, read: new Set() };
  nodes.set(pointer, node);
  return new Proxy(value, {
    get(target, key, receiver) {
      const result = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || !Object.hasOwn(target, key)) return result;
      node.read.add(key);
      return tracked(result, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, nodes);
    },
  });
}

/** Validates one object: schema errors and unknown fields, each naming the field. */
export async function validateSchema(manifest: Manifest): Promise<Problem[]> {
  const { apiVersion, kind } = manifest.object;
  if (REMOVED_API_VERSIONS[apiVersion])
    return [
      problem(
        manifest,
        'apiVersion',
        `${apiVersion} ${kind} was removed in Kubernetes ${REMOVED_API_VERSIONS[apiVersion]}`,
      ),
    ];
  const model = await modelFor(apiVersion, kind);
  if (!model?.prototype.validate)
    return [
      problem(
        manifest,
        'apiVersion',
        `no schema for ${apiVersion} ${kind}: a typo, a removed API version, or a kind these checks do not know`,
      ),
    ];
  const nodes = new Map<string, Node>();
  // An instance of the model class (its prototype carries the schema id), seen through the proxy.
  const instance: unknown = Object.setPrototypeOf(normalise(manifest.object), model.prototype);
  const problems: Problem[] = [];
  try {
    model.prototype.validate.call(tracked(instance, '', nodes));
  } catch (error) {
    const errors = (error as { errors?: AjvError[] }).errors;
    if (!errors) throw error;
    for (const e of errors) {
      const detail = e.params?.allowedValues
        ? ` (${(e.params.allowedValues as unknown[]).join(', ')})`
        : '';
      problems.push(
        problem(
          manifest,
          pointerToField(e.instancePath) || '(object)',
          `${e.message ?? 'invalid'}${detail}`,
        ),
      );
    }
  }
  for (const [pointer, node] of nodes) {
    if (Array.isArray(node.value)) continue;
    for (const key of Object.keys(node.value).filter((k) => !node.read.has(k))) {
      problems.push(
        problem(
          manifest,
          pointerToField(`${pointer}/${key}`),
          `unknown field: ${kind} ${apiVersion} has no such field here (the API server rejects or drops it)`,
        ),
      );
    }
  }
  return problems;
}
