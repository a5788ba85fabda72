import { availableParallelism, loadavg } from 'node:os';
import { defineConfig } from 'vitest/config';

// Tests that need tmux or chromium skip (and say so once) on a machine without them, but never under CI.
if (process.env.CI === 'true') process.env.AIOPS_REQUIRE_PROGRAMS = '1';
// A loaded machine gets proportionally more time: the load per core when the run starts, 1 to 6.
const slowdown = Math.min(6, Math.max(1, loadavg()[0]! / availableParallelism()));
process.env.AIOPS_TEST_SLOWDOWN ??= slowdown.toFixed(2);
const scaled = (ms: number) => Math.round(ms * Number(process.env.AIOPS_TEST_SLOWDOWN));

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // `npm run test:slow` sets AIOPS_SLOW=1 so the soak tests in test/slow are not excluded.
    exclude: process.env.AIOPS_SLOW ? ['node_modules/**'] : ['test/slow/**', 'node_modules/**'],
    globalSetup: ['test/helpers/announce-skips.ts'],
    testTimeout: scaled(30_000),
    hookTimeout: scaled(60_000),
    pool: 'forks',
    // Most tests wait on a child process (the built binary, tmux, chromium, PostgreSQL), so one worker
    // per core keeps both cores busy; vitest's default (cores - 1) ran a 2-core machine one file at a time.
    maxWorkers: Math.max(2, availableParallelism()),
    // Ink renders only a final frame when it thinks it runs in CI; the TUI tests check what a person
    // at a terminal sees, so the test workers run with CI=false even when .ci/run runs with CI=true.
    env: {
      CI: 'false',
      AIOPS_TEST_SLOWDOWN: process.env.AIOPS_TEST_SLOWDOWN,
      AIOPS_REQUIRE_PROGRAMS: process.env.AIOPS_REQUIRE_PROGRAMS ?? '',
    },
  },
});
