import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * Where the bundle plugin's code records each instrumented module as it is evaluated (see
 * bundle-plugin.ts): name as the instrumentation knows it, package version, and its exports.
 */
export const BUNDLED_MODULES = Symbol.for('podlab.tracing.bundled-modules');

export interface LoadedModule {
  name: string;
  version: string;
  exports: unknown;
}

const require = createRequire(import.meta.url);

/**
 * An instrumented module (`mysql2`) or file (`amqplib/lib/connect.js`) if this process has
 * loaded it: from the bundle's record, or, unbundled (tests, tools), from Node's module cache.
 */
export function loadedModule(name: string): LoadedModule | undefined {
  const bundled = (globalThis as Record<symbol, LoadedModule[] | undefined>)[BUNDLED_MODULES];
  if (bundled) return bundled.find((module) => module.name === name);
  const packageName = packageNameOf(name);
  let root: string;
  try {
    root = packageRoot(require.resolve(packageName), packageName);
  } catch {
    return undefined;
  }
  const file =
    name === packageName
      ? require.resolve(packageName)
      : join(root, name.slice(packageName.length + 1));
  const cached = require.cache[file];
  if (!cached) return undefined;
  return { name, version: packageVersion(root), exports: cached.exports };
}

/** 'amqplib/lib/connect.js' → 'amqplib'; '@scope/pkg/file.js' → '@scope/pkg'. */
export function packageNameOf(name: string): string {
  return name
    .split('/')
    .slice(0, name.startsWith('@') ? 2 : 1)
    .join('/');
}

/** `/x/node_modules/amqplib/lib/connect.js` → `amqplib/lib/connect.js`; undefined outside node_modules. */
export function moduleSubpath(file: string): string | undefined {
  const at = file.replaceAll('\\', '/').lastIndexOf('/node_modules/');
  return at < 0 ? undefined : file.slice(at + '/node_modules/'.length).replaceAll('\\', '/');
}

/** The folder of the package a file belongs to, by its name. */
export function packageRoot(file: string, packageName: string): string {
  const normalized = file.replaceAll('\\', '/');
  const marker = `/node_modules/${packageName}/`;
  const at = normalized.lastIndexOf(marker);
  if (at < 0) throw new Error(`${file} is not inside package ${packageName}`);
  return normalized.slice(0, at + marker.length - 1);
}

export function packageVersion(root: string): string {
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string })
    .version;
}
