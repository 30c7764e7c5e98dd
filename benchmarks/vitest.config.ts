import { defineConfig } from 'vitest/config';

// Only the benchmarks' own arithmetic is tested; the benchmarks themselves run by `npm run bench:*`.
export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts'],
    environment: 'node',
  },
});
