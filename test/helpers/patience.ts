/**
 * How much longer than on an idle machine waits may take: vitest.config.ts measures the load once
 * (AIOPS_TEST_SLOWDOWN, at least 1) and scales its timeouts by it; polling waits use it the same way.
 */
export function patience(ms: number, env: NodeJS.ProcessEnv = process.env): number {
  const factor = Number(env.AIOPS_TEST_SLOWDOWN);
  return Math.round(ms * (Number.isFinite(factor) && factor >= 1 ? factor : 1));
}
