import { defineConfig } from 'vitest/config';

/**
 * The whole suite in one run (what `npm test` uses): every project's own vitest config,
 * so `nx test <project>` and this run agree. Integration tests wait on I/O, not CPU, so a
 * few more workers than cores keeps the run short on a 2-core machine.
 */
export default defineConfig({
  test: {
    projects: [
      '{libs,services,tests,scripts}/*/vitest.config.ts',
      'frontend/vitest.config.ts',
      'tools/vitest.config.ts',
      'benchmarks/vitest.config.ts',
    ],
    maxWorkers: 3,
  },
});
