/** The slice of Kubernetes object shapes the checks read. The schema validation covers the rest. */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** One rendered object and the file it came from (repository-relative). */
export interface Manifest {
  object: K8sObject;
  file: string;
}

export interface Problem {
  file: string;
  /** Kind/name */
  object: string;
  /** Dotted path inside the object, e.g. spec.template.spec.containers[producer].readinessProbe */
  field: string;
  message: string;
}

/** One environment variable of a service's config schema. */
export interface ConfigKey {
  name: string;
  required: boolean;
  /** The schema's default when unset (undefined when none). */
  defaultValue?: unknown;
}

export interface ServiceConfig {
  /** Where the schema lives, for messages: services/<name>/src/config.ts */
  source: string;
  keys: ConfigKey[];
}

export interface CheckContext {
  manifests: Manifest[];
  /** Config schema per service name (the app.kubernetes.io/name of its pods). */
  configs: Map<string, ServiceConfig>;
  /** Every image reference `npm run images` builds, e.g. localhost/podlab/producer:dev. */
  builtImages: string[];
  /** The oldest Kubernetes release podlab supports (scripts/lib/cluster-versions.ts), e.g. 1.30. */
  minKubernetes: string;
}

export interface Rule {
  id: string;
  /** What it checks, in one line: the test title. */
  title: string;
  check(ctx: CheckContext): Problem[];
}

/** An image of this repository, however its registry part is spelt: `podlab/x`, `localhost/podlab/x`, `docker.io/podlab/x`. */
export const isLocalImage = (repository: string): boolean =>
  /(^|\/)podlab\/[^/]+$/.test(repository);

export const problem = (manifest: Manifest, field: string, message: string): Problem => ({
  file: manifest.file,
  object: `${manifest.object.kind}/${manifest.object.metadata.name}`,
  field,
  message,
});

export const formatProblem = (p: Problem): string =>
  `${p.file}: ${p.object}: ${p.field}: ${p.message}`;
