// Types of build-images.mjs, for the TypeScript tests.
import type { Engine } from './container-engine.mjs';
import type { ImageSpec } from './image-list.mjs';

export type BuildResult =
  { name: string; ref: string; seconds: number; bytes: number } | { name: string; skipped: string };
type Log = (line: string) => void;

export function dockerfileDefaults(dockerfile: string): Record<string, string>;
export function buildOutputs(specs: ImageSpec[], log?: Log): Map<string, string>;
export function chooseBases(engine: Engine, mode?: string, log?: Log): Record<string, string>;
export function buildImage(
  engine: Engine,
  spec: ImageSpec,
  bases: Record<string, string>,
  options?: { log?: Log; tag?: string; dockerfile?: string; noCache?: boolean },
): BuildResult;
export function buildAllImages(
  engine: Engine,
  options?: { only?: string[]; bundle?: boolean; log?: Log },
): { results: BuildResult[]; bases: Record<string, string> };
