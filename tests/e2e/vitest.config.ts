import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // One stack (`npm start`'s start.js on a free port, fresh data) and one Chromium for every file.
    globalSetup: [fileURLToPath(new URL('./test/global-setup.ts', import.meta.url))],
    setupFiles: [fileURLToPath(new URL('./test/support/fail-without-stack.ts', import.meta.url))],
    // The files wait on the browser and the services, not on this process: run them side by side
    // (as the root run does) rather than one at a time on a 2-core machine.
    maxWorkers: 3,
    testTimeout: 60_000,
    // Starting the stack: a private RabbitMQ and MariaDB, then every service.
    hookTimeout: 150_000,
  },
});
