import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The image scripts' own modules (scripts/lib), so the tests build and inspect images exactly
 * as `npm run images` does. scripts/ is not an Nx project, so they are loaded by path; their
 * types come from the .d.mts files beside them.
 */
const lib = (file: string) =>
  pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), '../../../../scripts/lib', file))
    .href;

export const engineLib = (await import(
  lib('container-engine.mjs')
)) as typeof import('../../../../scripts/lib/container-engine.mjs');
export const buildLib = (await import(
  lib('build-images.mjs')
)) as typeof import('../../../../scripts/lib/build-images.mjs');
export const imageList = (await import(
  lib('image-list.mjs')
)) as typeof import('../../../../scripts/lib/image-list.mjs');
export const saveLib = (await import(
  lib('save-images.mjs')
)) as typeof import('../../../../scripts/lib/save-images.mjs');
export const composeLib = (await import(
  lib('compose-tool.mjs')
)) as typeof import('../../../../scripts/lib/compose-tool.mjs');

export type BuildResult = import('../../../../scripts/lib/build-images.mjs').BuildResult;
