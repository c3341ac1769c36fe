import { defineConfig } from 'vitest/config';

// One config for unit, integration and e2e tests. Files run in parallel on the 2 cores.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 180_000,
    maxWorkers: 2,
  },
});
