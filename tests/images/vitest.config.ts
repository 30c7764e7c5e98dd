import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Image checks: the global setup builds every image once (a cold machine first makes the
 * base-image stand-ins: minutes, then cached); the test files then run containers of them in
 * parallel against the run's private RabbitMQ and MariaDB (the @podlab/testing setup). Generous timeouts for this project only: containers start in seconds, not ms.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    globalSetup: [
      fileURLToPath(import.meta.resolve('@podlab/testing/global-setup')),
      'test/support/global-setup.ts',
    ],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
