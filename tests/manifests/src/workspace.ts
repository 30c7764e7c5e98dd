import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConfigKey, ServiceConfig } from './model.js';

interface ZodLikeObject {
  shape: Record<string, { safeParse(value: unknown): { success: boolean; data?: unknown } }>;
}

/** The component folders of k8s/: one per service, plus the shared ones (namespace, mysql, ...). */
export const k8sComponents = (repoRoot: string): string[] =>
  readdirSync(join(repoRoot, 'k8s'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

/** The keys of a zod object schema: required unless it has a default or is optional. */
export function configKeys(schema: ZodLikeObject): ConfigKey[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const unset = field.safeParse(undefined);
    return { name, required: !unset.success, defaultValue: unset.success ? unset.data : undefined };
  });
}

/**
 * The config schema of every k8s/ component that is a service of this workspace: the
 * services/<name> project's `./config` export (`configSchema`).
 */
export async function loadServiceConfigs(repoRoot: string): Promise<Map<string, ServiceConfig>> {
  const configs = new Map<string, ServiceConfig>();
  for (const name of k8sComponents(repoRoot)) {
    const packageFile = join(repoRoot, 'services', name, 'package.json');
    if (!existsSync(packageFile)) continue;
    const pkg = JSON.parse(readFileSync(packageFile, 'utf8')) as {
      name: string;
      exports?: Record<string, unknown>;
    };
    if (!pkg.exports?.['./config']) continue;
    const mod = (await import(`${pkg.name}/config`)) as { configSchema?: ZodLikeObject };
    if (!mod.configSchema?.shape)
      throw new Error(
        `${pkg.name}/config exports no configSchema (a zod object): the manifest checks compare its keys with k8s/${name}`,
      );
    configs.set(name, {
      source: `services/${name}/src/config.ts`,
      keys: configKeys(mod.configSchema),
    });
  }
  return configs;
}

/** The cluster scripts' versions (scripts/lib/cluster-versions.ts): what they create, and the oldest supported. */
export async function clusterVersions(repoRoot: string): Promise<{
  KUBERNETES_VERSION: string;
  MIN_KUBERNETES: string;
  MINIKUBE_PROFILE: { cpus: number; memory: string };
}> {
  return import(pathToFileURL(join(repoRoot, 'scripts', 'lib', 'cluster-versions.ts')).href);
}

/** Every image reference `npm run images` builds, from its own list (scripts/lib/image-list.ts). */
export async function builtImages(repoRoot: string): Promise<string[]> {
  const file = join(repoRoot, 'scripts', 'lib', 'image-list.ts');
  if (!existsSync(file))
    throw new Error(
      'scripts/lib/image-list.ts not found: it is the list of images `npm run images` builds, which the image rule compares with',
    );
  const mod = (await import(pathToFileURL(file).href)) as { imageSpecs(): { ref: string }[] };
  return mod.imageSpecs().map((spec) => spec.ref);
}
