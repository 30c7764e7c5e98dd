import { installPackagesTask, logger, type GeneratorCallback, type Tree } from '@nx/devkit';
import { readCatalog, writeCatalog } from '../catalog-sync/catalog-json.ts';
import { syncCatalogFiles } from '../catalog-sync/sync-catalog-files.ts';
import { insertionsFor } from '../service/edits.ts';
import { renderFiles } from '../service/generator.ts';
import { namesOf } from '../service/names.ts';
import { normalizeOptions, type ServiceOptions } from '../service/options.ts';
import { setProjectReference } from '../service/project-reference.ts';

export interface RemoveServiceSchema {
  name: string;
}

/**
 * Takes out a service that `@podlab/tools:service` made: its new files and folders, its catalog
 * entry (and so every line written from it), and exactly the lines it inserted into shared
 * files (found by their text, wherever they moved).
 * A service written by hand (no `podlab.generator` in its package.json) is refused.
 */
export default async function removeServiceGenerator(
  tree: Tree,
  schema: RemoveServiceSchema,
): Promise<GeneratorCallback> {
  const name = String(schema.name ?? '');
  if (!/^[a-z][a-z0-9-]*$/.test(name))
    throw new Error(`Cannot remove "${name}": not a service name. Nothing was changed.`);
  const packagePath = `services/${name}/package.json`;
  const packageJson = tree.read(packagePath, 'utf-8');
  if (packageJson === null)
    throw new Error(`Cannot remove "${name}": ${packagePath} does not exist. Nothing was changed.`);
  const recorded = (
    JSON.parse(packageJson) as { podlab?: { generator?: string; options?: ServiceOptions } }
  ).podlab;
  if (recorded?.generator !== '@podlab/tools:service' || !recorded.options)
    throw new Error(
      `Cannot remove "${name}": it was not made by @podlab/tools:service (no "podlab.generator" in ${packagePath}). Nothing was changed.`,
    );
  const options = normalizeOptions(recorded.options);
  const names = namesOf(name);

  const notFound: string[] = [];
  for (const insertion of insertionsFor(names, options)) {
    const text = tree.read(insertion.file, 'utf-8');
    if (text === null || !text.includes(insertion.snippet)) {
      if (!insertion.optional || text !== null)
        notFound.push(`${insertion.file}: ${insertion.snippet.trim().split('\n')[0]}`);
      continue;
    }
    const at = text.indexOf(insertion.snippet);
    tree.write(insertion.file, text.slice(0, at) + text.slice(at + insertion.snippet.length));
  }
  // The generated files outside the service's own folders (contract, Secret, policy).
  for (const path of renderFiles(tree, names, options).keys()) {
    if (tree.exists(path)) tree.delete(path);
  }
  tree.delete(`services/${name}`);
  tree.delete(`k8s/${name}`);
  await writeCatalog(
    tree,
    readCatalog(tree).filter((service) => service.name !== name),
  );
  await syncCatalogFiles(tree);
  await setProjectReference(tree, `./services/${name}`, false);
  if (notFound.length > 0)
    logger.warn(
      `These inserted lines were no longer there (edited by hand?); check them yourself:\n  ${notFound.join('\n  ')}`,
    );

  return () => {
    // npm takes the package out of package-lock.json and node_modules, as it put it in.
    installPackagesTask(tree, true);
    logger.info(`${name} is gone: its folders, its contract and every line the generator added.`);
  };
}
