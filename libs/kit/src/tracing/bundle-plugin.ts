import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Plugin } from 'esbuild';
import { instrumentedModuleNames } from './instrumentations.js';
import {
  BUNDLED_MODULES,
  moduleSubpath,
  packageNameOf,
  packageRoot,
  packageVersion,
} from './loaded-modules.js';

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
      const nameBySubpath = new Map<string, string>();
      for (const name of instrumentedModuleNames()) {
        const subpath = name.includes('/') ? name : mainSubpath(name);
        if (subpath) nameBySubpath.set(subpath, name);
      }
      build.onLoad({ filter: /[\\/]node_modules[\\/].*\.c?js$/ }, async ({ path }) => {
        const subpath = moduleSubpath(path);
        const name = subpath && nameBySubpath.get(subpath);
        if (!name) return undefined;
        const root = packageRoot(path, packageNameOf(name));
        const record = JSON.stringify({ name, version: packageVersion(root) });
        const contents = `${await readFile(path, 'utf8')}
;(globalThis[Symbol.for(${JSON.stringify(BUNDLED_MODULES.description)})] ??= []).push({ ...${record}, exports: module.exports });
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
