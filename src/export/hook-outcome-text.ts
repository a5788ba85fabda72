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

/** When each hook run started and finished, as shown in the timeline; collected row by row. */
export class RunTimes {
  private readonly started = new Map<string, string>();
  private readonly finished = new Map<string, string>();

  /** Notes a timeline entry (in seq order): a run's first start and its last finish count. */
  note(e: Pick<TimelineEntry, 'run' | 'type' | 'time'>): void {
    if (e.run === null) return;
    if (e.type === 'hook.started' && !this.started.has(e.run)) this.started.set(e.run, e.time);
    else if (e.type === 'hook.finished') this.finished.set(e.run, e.time);
  }

  startOf(run: string): string | undefined {
    return this.started.get(run);
  }

  endOf(run: string): string | undefined {
    return this.finished.get(run);
  }
}

/**
 * For an undo run: what it undid and how long that was in effect, from the timeline
 * ("undoes run-1 (pause-feature): in effect 10:02:00 — 11:40:00"); empty for other runs.
 */
export function undoPairText(h: HookDetail, hooks: readonly HookDetail[], times: RunTimes): string {
  if (!h.undoOf) return '';
  const original = hooks.find((x) => x.run === h.undoOf);
  const from = original ? times.startOf(original.run) : undefined;
  const to = h.ok ? times.endOf(h.run) : undefined;
  const clock = (time: string) => time.slice(11);
  const span = from && to ? `: in effect ${clock(from)} — ${clock(to)}` : from ? `: in effect since ${clock(from)}` : '';
  return `undoes ${h.undoOf}${original ? ` (${original.name})` : ''}${span}`;
}
