// Types of container-engine.mjs, for the TypeScript tests (tests/images).
export interface Engine {
  name: 'docker' | 'podman';
  env: NodeJS.ProcessEnv;
}
export const repoRoot: string;
export class NoEngineError extends Error {}
export function detectEngine(): Engine;
export function run(
  engine: Engine,
  args: string[],
  options?: { stdio?: unknown; allowFailure?: boolean; input?: string; timeout?: number },
): number | null;
export function capture(
  engine: Engine,
  args: string[],
  options?: { allowFailure?: boolean },
): string;
export function imageExists(engine: Engine, ref: string): boolean;
export function imageSize(engine: Engine, ref: string): number;
export function formatMiB(bytes: number): string;
export const HARDENED_RUN_FLAGS: readonly string[];
