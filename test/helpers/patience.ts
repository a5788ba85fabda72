import { availableParallelism, loadavg } from 'node:os';

/**
 * How much longer than on an idle machine waits may take: vitest.config.ts measures the load when
 * the run starts (AIOPS_TEST_SLOWDOWN, at least 1) and scales its timeouts by it; a wait asked for
 * later also looks at the load now (per core, at most 6), since another suite may have started since.
 */
export function patience(ms: number, env: NodeJS.ProcessEnv = process.env): number {
  const atStart = Number(env.AIOPS_TEST_SLOWDOWN);
  const now = Math.min(6, loadavg()[0]! / availableParallelism());
  return Math.round(ms * Math.max(1, Number.isFinite(atStart) ? atStart : 1, now));
}
