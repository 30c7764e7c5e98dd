import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    globalSetup: [fileURLToPath(import.meta.resolve('@podlab/testing/global-setup'))],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // expect.poll waits for a real service (readiness, a broker round trip): vitest's 1 s default
    // is shorter than a start on a busy 2-core machine; a real failure still fails, 15 s later.
    expect: { poll: { timeout: 15_000 } },
  },
});
