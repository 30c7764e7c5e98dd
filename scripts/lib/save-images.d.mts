// Types of save-images.mjs, for the TypeScript tests.
import type { Engine } from './container-engine.mjs';
export function saveArgs(
  engineName: 'docker' | 'podman',
  refs: string[],
  tarPath: string,
): string[];
export function saveImages(engine: Engine, tarPath: string, refs?: string[]): string[];
