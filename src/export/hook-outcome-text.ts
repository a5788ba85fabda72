import type { HookDetail, TimelineEntry } from './export-document.js';

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

/**
 * For an undo run: what it undid and how long that was in effect, from the timeline
 * ("undoes run-1 (pause-feature): in effect 10:02:00 — 11:40:00"); empty for other runs.
 */
export function undoPairText(h: HookDetail, hooks: readonly HookDetail[], timeline: readonly TimelineEntry[]): string {
  if (!h.undoOf) return '';
  const original = hooks.find((x) => x.run === h.undoOf);
  const startOf = (run: string) => timeline.find((t) => t.run === run && t.type === 'hook.started');
  const endOf = (run: string) => timeline.findLast((t) => t.run === run && t.type === 'hook.finished');
  const from = original ? startOf(original.run) : undefined;
  const to = h.ok ? endOf(h.run) : undefined;
  const clock = (t: TimelineEntry) => t.time.slice(11);
  const span = from && to ? `: in effect ${clock(from)} — ${clock(to)}` : from ? `: in effect since ${clock(from)}` : '';
  return `undoes ${h.undoOf}${original ? ` (${original.name})` : ''}${span}`;
}
