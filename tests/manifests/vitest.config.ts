import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.test.ts'],
    environment: 'node',
    // The first schema validation imports the generated models: seconds on a busy machine,
    // while the set-up renders run beside it. Not a speed check.
    testTimeout: 30_000,
  },
});
