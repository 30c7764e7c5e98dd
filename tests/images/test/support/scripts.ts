/**
 * The image scripts' own modules (@podlab/scripts), so the tests build and inspect images exactly
 * as `npm run images` does.
 */
export * as engineLib from '@podlab/scripts/container-engine';
export * as buildLib from '@podlab/scripts/build-images';
export * as imageList from '@podlab/scripts/image-list';
export * as saveLib from '@podlab/scripts/save-images';
export * as composeLib from '@podlab/scripts/compose-tool';

export type { BuildResult } from '@podlab/scripts/build-images';
