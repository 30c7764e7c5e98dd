// Imports name .ts files: the service build runs this file with Node's own type stripping, which
// does not map .js to .ts as the bundler and the typecheck do.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Plugin } from 'esbuild';
import { satisfies } from 'semver';
import { instrumentedModules, type InstrumentedModule } from './instrumentations.ts';
import {
  BUNDLED_MODULES,
  moduleSubpath,
  packageNameOf,
  packageRoot,
  packageVersion,
} from './loaded-modules.ts';

const require = createRequire(import.meta.url);

/**
 * esbuild plugin for a service bundle. OpenTelemetry's instrumentations find what to patch by
 * hooking `require`/`import`, which a bundle never calls for its own modules. So each module an
 * instrumentation names (express, mysql2/lib/connection.js, amqplib/lib/channel_model.js, …) gets
 * one line appended that records its exports on a global list as it is evaluated; the kit's
 * tracing patches them from there when it starts (patch-loaded-modules.ts), and never when
 * tracing is off. OpenTelemetry has no maintained esbuild answer: marking the packages external
 * would need a registry at image build time, and opentelemetry-esbuild-plugin-node (one
 * maintainer, pinned to an older instrumentation base) patches on load even with tracing off.
 */
export function instrumentedModulesPlugin(): Plugin {
  return {
    name: 'podlab-instrumented-modules',
    setup(build) {
      // 'amqplib/lib/connect.js' as esbuild will see it; a package's own name stands for its main file.
      const bySubpath = new Map<string, InstrumentedModule>();
      for (const module of instrumentedModules()) {
        const { name } = module;
        const subpath = name === packageNameOf(name) ? mainSubpath(name) : name;
        if (subpath) bySubpath.set(subpath, module);
      }
      build.onLoad({ filter: /[\\/]node_modules[\\/].*\.c?js$/ }, async ({ path }) => {
        const subpath = moduleSubpath(path);
        const module = subpath === undefined ? undefined : bySubpath.get(subpath);
        if (!module) return undefined;
        const { name, supportedVersions, instrumentation } = module;
        const version = packageVersion(packageRoot(path, packageNameOf(name)));
        // Patching a version the patch was not written for could break the service, not only its traces.
        if (!supportedVersions.some((range) => satisfies(version, range)))
          return {
            errors: [
              {
                text: `${name} ${version} is outside what ${instrumentation} supports (${supportedVersions.join(' || ')}): upgrade the instrumentation with the package`,
              },
            ],
          };
        const contents = `${await readFile(path, 'utf8')}
;(globalThis[Symbol.for(${JSON.stringify(BUNDLED_MODULES.description)})] ??= []).push({ name: ${JSON.stringify(name)}, version: ${JSON.stringify(version)}, exports: module.exports });
`;
        return { contents, loader: 'js' };
      });
    },
  };
}

/** Where a package's main file is, as a subpath ('express/index.js'); undefined if not installed. */
function mainSubpath(packageName: string): string | undefined {
  try {
    return moduleSubpath(require.resolve(packageName));
  } catch {
    return undefined;
  }
}
