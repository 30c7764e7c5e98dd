import type { Tree } from '@nx/devkit';
import { formatted } from '../formatted.ts';

interface Tsconfig {
  references?: { path: string }[];
}

/**
 * Adds or removes the service in the root tsconfig.json's project references, as `nx sync`
 * (the TypeScript sync generator) would; a JSON edit, not text at an anchor.
 */
export async function setProjectReference(tree: Tree, path: string, present: boolean) {
  const text = tree.read('tsconfig.json', 'utf-8');
  if (text === null) return;
  const tsconfig = JSON.parse(text) as Tsconfig;
  const others = (tsconfig.references ?? []).filter((reference) => reference.path !== path);
  tsconfig.references = present ? [...others, { path }] : others;
  const next = await formatted('tsconfig.json', `${JSON.stringify(tsconfig, null, 2)}\n`);
  if (next !== text) tree.write('tsconfig.json', next);
}
