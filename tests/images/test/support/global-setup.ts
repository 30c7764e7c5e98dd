import type { TestProject } from 'vitest/node';
import { isStale, TEST_LABEL } from './names.js';
import { buildLib, engineLib, type BuildResult } from './scripts.js';

const { buildAllImages } = buildLib;
const { capture, detectEngine } = engineLib;

declare module 'vitest' {
  export interface ProvidedContext {
    builtImages: BuildResult[];
  }
}

/**
 * Builds every image once for all test files (exactly what `npm run images` does), after
 * sweeping containers a crashed earlier run left behind (only ours: labelled and old).
 */
export default function setup(project: TestProject) {
  const engine = detectEngine();
  const leftovers = capture(engine, [
    'ps',
    '-a',
    '--filter',
    `label=${TEST_LABEL}`,
    '--format',
    '{{.Names}}',
  ])
    .split('\n')
    .filter((name) => name && isStale(name));
  if (leftovers.length > 0)
    capture(engine, ['rm', '-f', '-t', '0', ...leftovers], { allowFailure: true });

  const lines: string[] = [];
  const { results } = buildAllImages(engine, { log: (line) => lines.push(line) });
  console.log(`image-checks (${engine.name}):\n  ${lines.join('\n  ')}`);
  project.provide('builtImages', results);
}
