import type { HookDetail } from './export-document.js';

/** One line on how a hook run ended (`ok, exit 0, 120 ms`; `FAILED, signal SIGKILL, timed out`), the same in every format. */
export function hookOutcomeText(h: HookDetail): string {
  if (h.simulated) return 'simulated (drill): nothing ran';
  if (h.ok === null) return 'no recorded outcome';
  const parts = [h.ok ? 'ok' : 'FAILED'];
  if (h.exitCode !== null) parts.push(`exit ${h.exitCode}`);
  if (h.signal) parts.push(`signal ${h.signal}`);
  if (h.timedOut) parts.push('timed out');
  if (h.durationMs !== null) parts.push(`${h.durationMs} ms`);
  return parts.join(', ');
}
