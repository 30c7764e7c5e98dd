import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.test.ts'],
    environment: 'node',
    // test/ starts whole stacks (RabbitMQ, MariaDB, seven services) one after another.
    hookTimeout: 60_000,
  },
});
