import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // `npm run test:slow` sets AIOPS_SLOW=1 so the soak tests in test/slow are not excluded.
    exclude: process.env.AIOPS_SLOW ? ['node_modules/**'] : ['test/slow/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Ink renders only a final frame when it thinks it runs in CI; the TUI tests check what a person
    // at a terminal sees, so the test workers run with CI=false even when .ci/run runs with CI=true.
    env: { CI: 'false' },
  },
});
