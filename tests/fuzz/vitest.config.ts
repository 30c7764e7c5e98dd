import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    globalSetup: [fileURLToPath(import.meta.resolve('@podlab/testing/global-setup'))],
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
