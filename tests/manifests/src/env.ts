import type { Container } from './k8s-types.js';
import { dataKeys, dataValue, findObject, workloads, type Workload } from './objects.js';
import type { Manifest, ServiceConfig } from './model.js';

/** Where one environment variable of a container comes from. */
export interface EnvSource {
  /** The value when it is known from the manifests (literal, ConfigMap or Secret); undefined for downward API etc. */
  value?: string;
  /** The object that provides it and the field there, for messages. */
  manifest: Manifest;
  field: string;
}

/**
 * The environment a container starts with, as far as the manifests tell: envFrom sources in
 * order (later ones win, as in the kubelet), then env entries. Missing sources add nothing
 * (the config-refs rule reports them).
 */
function containerEnv(
  manifests: Manifest[],
  workload: Workload,
  container: Container,
  field: string,
): Map<string, EnvSource> {
  const env = new Map<string, EnvSource>();
  for (const source of container.envFrom ?? []) {
    const ref = source.configMapRef ?? source.secretRef;
    if (!ref) continue;
    const kind = source.configMapRef ? 'ConfigMap' : 'Secret';
    const provider = findObject(manifests, workload.manifest, kind, ref.name);
    if (!provider) continue;
    for (const key of dataKeys(provider.object)) {
      env.set(`${source.prefix ?? ''}${key}`, {
        value: dataValue(provider.object, key),
        manifest: provider,
        field: `data.${key}`,
      });
    }
  }
  for (const variable of container.env ?? []) {
    let value = variable.value;
    const keyRef = variable.valueFrom?.configMapKeyRef ?? variable.valueFrom?.secretKeyRef;
    if (keyRef) {
      const kind = variable.valueFrom?.configMapKeyRef ? 'ConfigMap' : 'Secret';
      const provider = findObject(manifests, workload.manifest, kind, keyRef.name);
      value = provider ? dataValue(provider.object, keyRef.key) : undefined;
    }
    env.set(variable.name, {
      value,
      manifest: workload.manifest,
      field: `${field}.env[${variable.name}]`,
    });
  }
  return env;
}

/** The container that runs the service itself: the one named like it, else the first. */
function appContainer(
  workload: Workload,
  service: string,
): { container: Container; field: string } | undefined {
  const containers = workload.template.spec?.containers ?? [];
  const container = containers.find((c) => c.name === service) ?? containers[0];
  return container
    ? { container, field: `${workload.path}.spec.containers[${container.name}]` }
    : undefined;
}

/** The service a workload runs: its pods' app.kubernetes.io/name. */
const serviceOf = (workload: Workload): string | undefined =>
  workload.template.metadata?.labels?.['app.kubernetes.io/name'];

/** A workload that runs a service, with the container that runs it and what that container is given. */
export interface ServiceContainer {
  workload: Workload;
  /** The service it runs: its pods' app.kubernetes.io/name. */
  service: string;
  container: Container;
  /** The container's path in the workload, for messages. */
  field: string;
  env: Map<string, EnvSource>;
}

/** A ServiceContainer whose service's config schema is known. */
export interface ServiceWorkload extends ServiceContainer {
  config: ServiceConfig;
}

/**
 * Every workload whose pods name the service they run, with its app container's env: the one
 * walk every rule about what a service is given goes through.
 */
export function serviceContainers(manifests: Manifest[]): ServiceContainer[] {
  return workloads(manifests).flatMap((workload) => {
    const service = serviceOf(workload);
    const app = service ? appContainer(workload, service) : undefined;
    if (!service || !app) return [];
    const env = containerEnv(manifests, workload, app.container, app.field);
    return [{ workload, service, ...app, env }];
  });
}

/** The service containers whose config schema is known (the services podlab builds), with it. */
export function serviceWorkloads(
  manifests: Manifest[],
  configs: ReadonlyMap<string, ServiceConfig>,
): ServiceWorkload[] {
  return serviceContainers(manifests).flatMap((app) => {
    const config = configs.get(app.service);
    return config ? [{ ...app, config }] : [];
  });
}
