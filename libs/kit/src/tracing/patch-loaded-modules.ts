import { createRequire, isBuiltin, syncBuiltinESMExports } from 'node:module';
import type { PatchingInstrumentation } from './instrumentations.js';
import { loadedModule } from './loaded-modules.js';

const require = createRequire(import.meta.url);

/**
 * Applies each instrumentation's own patches to the modules this process has loaded. Their
 * patches wrap prototypes and export objects (Server.prototype.emit, Channel.prototype.publish,
 * Connection.prototype.query, Router.prototype.use), so applying them after the modules were
 * loaded, and before a server, pool or channel is made, is what loading them hooked would do.
 * Returns the names patched, for the start-up log.
 */
export function patchLoadedModules(instrumentations: PatchingInstrumentation[]): string[] {
  const patched: string[] = [];
  for (const instrumentation of instrumentations) {
    for (const definition of instrumentation.getModuleDefinitions()) {
      if (isBuiltin(definition.name)) {
        definition.patch?.(require(`node:${definition.name}`));
        patched.push(definition.name);
        continue;
      }
      const main = loadedModule(definition.name);
      if (main && definition.patch) {
        definition.patch(main.exports, main.version);
        patched.push(definition.name);
      }
      for (const file of definition.files) {
        const loaded = loadedModule(file.name);
        if (!loaded) continue;
        file.patch(loaded.exports, loaded.version);
        patched.push(file.name);
      }
    }
  }
  // `import { request } from 'node:http'` sees the patched function only after this.
  syncBuiltinESMExports();
  return patched;
}
