import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.test.ts'],
    environment: 'node',
    // One private RabbitMQ and MariaDB for the whole run, reused if an outer run started them.
    globalSetup: [fileURLToPath(import.meta.resolve('@podlab/testing/global-setup'))],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
