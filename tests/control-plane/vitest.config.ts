import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    globalSetup: [
      // Builds the control plane from source on first use (printing progress), before any file runs.
      fileURLToPath(import.meta.resolve('@podlab/testing/kubernetes-setup')),
    ],
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
