import type { Tree } from '@nx/devkit';
import { CATALOG_PATH } from './catalog-json.ts';
import { syncCatalogFiles } from './sync-catalog-files.ts';

/**
 * Nx sync generator: the files that cannot import the catalog (compose, the MySQL init SQL and
 * shell script, nginx's router.conf, the network policies, and the TypeScript whose exports and
 * types must be static: the contracts' index and the public services' names) get their service
 * lines from it.
 * `nx sync:check` (part of `npm test`) fails while one is stale; `npx nx sync` rewrites them.
 */
export default async function catalogSyncGenerator(
  tree: Tree,
): Promise<{ outOfSyncMessage?: string }> {
  const changed = await syncCatalogFiles(tree);
  return changed.length === 0
    ? {}
    : { outOfSyncMessage: `${changed.join(', ')} must list what ${CATALOG_PATH} lists` };
}
