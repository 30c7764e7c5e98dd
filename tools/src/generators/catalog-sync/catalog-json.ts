import { parseCatalog, type CatalogService } from '@podlab/catalog';
import type { Tree } from '@nx/devkit';
import { formatted } from '../formatted.ts';

export const CATALOG_PATH = 'libs/catalog/src/services.json';

/** The catalog as the tree has it (a generator may have just changed it); throws when invalid. */
export function readCatalog(tree: Tree): CatalogService[] {
  const text = tree.read(CATALOG_PATH, 'utf-8');
  if (text === null) throw new Error(`${CATALOG_PATH} does not exist: it lists every service`);
  return parseCatalog(JSON.parse(text));
}

export async function writeCatalog(tree: Tree, services: readonly CatalogService[]) {
  const text = `${JSON.stringify({ services }, null, 2)}\n`;
  tree.write(CATALOG_PATH, await formatted(CATALOG_PATH, text));
}
