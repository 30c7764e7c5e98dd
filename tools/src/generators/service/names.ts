import { contractOf } from '@podlab/catalog';
import type { Tree } from '@nx/devkit';
import { CATALOG_PATH, readCatalog } from '../catalog-sync/catalog-json.ts';

/** The forms of a service name the templates and edits use. */
export interface ServiceNames {
  /** `price-list`: folders, Kubernetes objects, URLs, image names. */
  name: string;
  /** `priceList`: identifiers. */
  camel: string;
  /** `PriceList`: type names. */
  pascal: string;
  /** `PRICE_LIST`: environment variable prefixes. */
  constant: string;
  /** `price_list`: MySQL schema and user (no quoting needed). */
  snake: string;
}

/**
 * MySQL 8 caps a user name at 32 characters, and the service's database user is its name;
 * a Deployment's pods add 17 characters, still inside the 63 of a DNS label.
 */
export const MAX_NAME_LENGTH = 32;
const DNS_LABEL = /^[a-z]([a-z0-9-]*[a-z0-9])?$/;

export function namesOf(name: string): ServiceNames {
  const words = name.split('-');
  const pascal = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  return {
    name,
    camel: pascal.charAt(0).toLowerCase() + pascal.slice(1),
    pascal,
    constant: words.join('_').toUpperCase(),
    snake: words.join('_'),
  };
}

/** Why `name` cannot be a new service here, or undefined when it can. */
export function nameProblem(tree: Tree, name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'a service name is required';
  if (name.includes('/') || name.includes('\\') || name.includes('..'))
    return `"${name}" is a path, not a name: use lower-case letters, digits and hyphens`;
  if (name.length > MAX_NAME_LENGTH)
    return `"${name}" is ${name.length} characters long: at most ${MAX_NAME_LENGTH} (it is also the service's MySQL user, which MySQL caps at 32)`;
  if (!DNS_LABEL.test(name))
    return `"${name}" is not a Kubernetes DNS label: lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen`;
  if (name.includes('--')) return `"${name}" has a double hyphen: keep one between words`;
  const taken = [
    `services/${name}`,
    `k8s/${name}`,
    `libs/${name}`,
    `tests/${name}`,
    `libs/contracts/src/${contractOf(name)}.ts`,
    `kustomize/overlays/dev-secrets/${name}.env`,
    `kustomize/components/network-policies/${name}.yaml`,
  ].find((path) => tree.exists(path));
  if (taken) return `"${name}" is taken: ${taken} already exists`;
  const project = workspacePackageNames(tree).find((pkg) => pkg === `@podlab/${name}`);
  if (project) return `"${name}" is taken: the workspace already has a project ${project}`;
  if (readCatalog(tree).some((service) => service.name === name))
    return `"${name}" is taken: the service catalog (${CATALOG_PATH}) lists it`;
  if (RESERVED.has(name))
    return `"${name}" is taken: it names ${RESERVED.get(name)} in the cluster or the workspace`;
  return undefined;
}

/** Names of things the new service would collide with (Services in the namespace, workspace projects). */
const RESERVED = new Map([
  ['mysql', 'the MySQL StatefulSet and Service'],
  ['rabbitmq', 'the RabbitMQ StatefulSet and Service'],
  ['frontend', 'the frontend'],
  ['ingress', 'the Ingress'],
  ['namespace', 'the namespace folder'],
  ['kubernetes', 'the API server Service'],
  ['podlab', 'the namespace and the Ingress'],
  ['kit', 'the @podlab/kit library'],
  ['contracts', 'the @podlab/contracts library'],
  ['testing', 'the @podlab/testing library'],
  ['tools', 'this plugin'],
  ['source', 'the workspace root package'],
]);

/** The package names of every npm workspace (the root package.json's `workspaces` globs). */
function workspacePackageNames(tree: Tree): string[] {
  const root = readJsonIfThere(tree, 'package.json') as { workspaces?: string[] } | undefined;
  const dirs = (root?.workspaces ?? []).flatMap((pattern) =>
    pattern.endsWith('/*')
      ? tree.children(pattern.slice(0, -2)).map((child) => `${pattern.slice(0, -2)}/${child}`)
      : [pattern],
  );
  return dirs
    .map(
      (dir) =>
        (readJsonIfThere(tree, `${dir}/package.json`) as { name?: string } | undefined)?.name,
    )
    .filter((pkg): pkg is string => typeof pkg === 'string');
}

function readJsonIfThere(tree: Tree, path: string): unknown {
  const text = tree.read(path, 'utf-8');
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
