import { defineConfig } from 'vitest/config';

// One config for unit, integration and end-to-end tests. Files run one after another: two Chromiums rendering with
// SwiftShader on the 2 cores starve each other (a page then took minutes to load and waits timed out), and a
// Chromium beside a busy integration file is slower too. `npm test` takes about 14 minutes this way;
// `npm run test:unit`, `test:integration` and `test:e2e` run one part.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
