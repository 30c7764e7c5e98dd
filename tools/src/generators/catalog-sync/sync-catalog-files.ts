import type { CatalogService } from '@podlab/catalog';
import type { Tree } from '@nx/devkit';
import { CATALOG_FILES } from './catalog-files.ts';
import { formatted } from '../formatted.ts';
import { readCatalog } from './catalog-json.ts';
import { withRegions } from './generated-region.ts';

/**
 * The files whose generated regions differ from what `services` gives: path → new content.
 * Writes nothing, so a generator can check every file before it changes any.
 */
export async function plannedCatalogFiles(
  tree: Tree,
  services: readonly CatalogService[],
): Promise<Map<string, string>> {
  const planned = new Map<string, string>();
  for (const file of CATALOG_FILES) {
    const text = tree.read(file.path, 'utf-8');
    if (text === null) {
      if (file.optional) continue;
      throw new Error(`${file.path} does not exist; the service catalog writes into it`);
    }
    const next = await formatted(file.path, withRegions(file.path, text, file.regions(services)));
    if (next !== text) planned.set(file.path, next);
  }
  return planned;
}

/** Rewrites every region the catalog writes into; returns the files that changed. */
export async function syncCatalogFiles(tree: Tree): Promise<string[]> {
  const planned = await plannedCatalogFiles(tree, readCatalog(tree));
  for (const [path, content] of planned) tree.write(path, content);
  return [...planned.keys()];
}
