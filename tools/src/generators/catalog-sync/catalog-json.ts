import { join } from 'node:path';
import { catalogProblems, type CatalogService } from '@podlab/catalog';
import { workspaceRoot, type Tree } from '@nx/devkit';
import { format, getFileInfo, resolveConfig } from 'prettier';

export const CATALOG_PATH = 'libs/catalog/src/services.json';

/** The catalog as the tree has it (a generator may have just changed it); throws when invalid. */
export function readCatalog(tree: Tree): CatalogService[] {
  const text = tree.read(CATALOG_PATH, 'utf-8');
  if (text === null) throw new Error(`${CATALOG_PATH} does not exist: it lists every service`);
  const services = (JSON.parse(text) as { services: CatalogService[] }).services;
  const problems = catalogProblems(services);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return services;
}

export async function writeCatalog(tree: Tree, services: readonly CatalogService[]) {
  const text = `${JSON.stringify({ services }, null, 2)}\n`;
  tree.write(CATALOG_PATH, await formatted(CATALOG_PATH, text));
}

/**
 * `text` as prettier writes it (`npm test` checks every file with `prettier --check`), so what
 * the generators write is never reformatted later; files prettier has no parser for are as given.
 */
export async function formatted(path: string, text: string): Promise<string> {
  // The workspace's own prettier config, also when the tree is a test's virtual one.
  const file = join(workspaceRoot, path);
  const { inferredParser } = await getFileInfo(file);
  if (!inferredParser) return text;
  const config = (await resolveConfig(file)) ?? {};
  return format(text, { ...config, filepath: file });
}
