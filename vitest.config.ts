import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // `npm run test:slow` sets AIOPS_SLOW=1 so the soak tests in test/slow are not excluded.
    exclude: process.env.AIOPS_SLOW ? ['node_modules/**'] : ['test/slow/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
