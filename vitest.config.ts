import { availableParallelism, loadavg } from 'node:os';
import { defineConfig } from 'vitest/config';
import SlowFirstSequencer from './test/helpers/slow-first-sequencer.js';

// Tests that need tmux or chromium skip (and say so once) on a machine without them, but never under CI.
if (process.env.CI === 'true') process.env.AIOPS_REQUIRE_PROGRAMS = '1';
// A loaded machine gets proportionally more time: the load per core when the run starts, 1 to 6.
const slowdown = Math.min(6, Math.max(1, loadavg()[0]! / availableParallelism()));
process.env.AIOPS_TEST_SLOWDOWN ??= slowdown.toFixed(2);
const scaled = (ms: number) => Math.round(ms * Number(process.env.AIOPS_TEST_SLOWDOWN));

// Test files share their worker's module cache (isolate: false): a fresh process and module graph per
// file cost ~0.5 s each, about a third of the suite on 2 cores. test/helpers/file-state.ts puts the
// environment and working directory back after each file. A file that mocks modules needs a graph of
// its own and runs isolated.
const ISOLATED = ['test/tui-notify-hook.test.tsx'];
const EXCLUDED = process.env.AIOPS_SLOW ? ['node_modules/**'] : ['test/slow/**', 'node_modules/**'];

export default defineConfig({
  test: {
    testTimeout: scaled(30_000),
    hookTimeout: scaled(60_000),
    pool: 'forks',
    // The slowest files first, also in a fresh clone where vitest has no timings of its own.
    sequence: { sequencer: SlowFirstSequencer },
    // Most tests wait on a child process (the built binary, tmux, chromium, PostgreSQL), so a worker
    // per core left the cores idle ~12% of the run: one more keeps them busy (a fresh clone on 2 cores:
    // 310 s with 2 workers, 266 s with 3). vitest's default (cores - 1) ran 2 cores one file at a time.
    maxWorkers: availableParallelism() + 1,
    // Ink renders only a final frame when it thinks it runs in CI; the TUI tests check what a person
    // at a terminal sees, so the test workers run with CI=false even when .ci/run runs with CI=true.
    env: {
      CI: 'false',
      AIOPS_TEST_SLOWDOWN: process.env.AIOPS_TEST_SLOWDOWN,
      AIOPS_REQUIRE_PROGRAMS: process.env.AIOPS_REQUIRE_PROGRAMS ?? '',
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          // `npm run test:slow` sets AIOPS_SLOW=1 so the soak tests in test/slow are not excluded.
          exclude: [...EXCLUDED, ...ISOLATED],
          isolate: false,
          setupFiles: ['test/helpers/file-state.ts'],
          globalSetup: ['test/helpers/announce-skips.ts'],
        },
      },
      { extends: true, test: { name: 'isolated', include: ISOLATED, exclude: EXCLUDED } },
    ],
  },
});
