import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.test.ts'],
    // The templates' own tests run inside the generated services, not here.
    exclude: ['src/generators/service/files/**', '**/node_modules/**'],
    environment: 'node',
    // The generated services' integration tests use the harness's RabbitMQ and MariaDB.
    globalSetup: [fileURLToPath(import.meta.resolve('@podlab/testing/global-setup'))],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
