import { metBy, type ScorableEvent } from '../core/scoring.js';
import type { Inject, Scenario } from '../core/schemas/scenario.js';
import { planDrill } from './drill-plan.js';

export interface DueInject {
  key: string;
  index: number;
  atMs: number;
  inject: Inject;
}

export interface HeldBack {
  key: string;
  atMs: number;
  /** Why it was not delivered: its `when:` condition was false at its time. */
  reason: string;
}

/** Was the inject's `when:` condition true at its time? Looks only at events up to that instant. */
export function conditionHolds(sc: Scenario, inject: Inject, events: readonly ScorableEvent[], openedAt: string, atMs: number): { holds: boolean; reason: string } {
  if (!inject.when) return { holds: true, reason: '' };
  const until = new Date(Date.parse(openedAt) + atMs).toISOString();
  const wantMet = 'met' in inject.when;
  const exp = 'met' in inject.when ? inject.when.met : inject.when.missed;
  const met = metBy(sc.expectations, exp, events, openedAt, until);
  return { holds: met === wantMet, reason: `${exp} was ${met ? 'met' : 'not met'} by then` };
}

/**
 * Injects whose time has come and that are not in the log yet, in order; conditional ones
 * only when their `when:` held at their own time (so delivering late decides the same way).
 */
export function dueInjects(sc: Scenario, events: readonly ScorableEvent[], openedAt: string, elapsedMs: number): { due: DueInject[]; heldBack: HeldBack[] } {
  const delivered = deliveredKeys(events);
  const due: DueInject[] = [];
  const heldBack: HeldBack[] = [];
  for (const item of planDrill(sc).items) {
    if (item.kind !== 'inject' || item.atMs > elapsedMs || delivered.has(item.key)) continue;
    const cond = conditionHolds(sc, item.inject, events, openedAt, item.atMs);
    if (cond.holds) due.push({ key: item.key, index: item.index, atMs: item.atMs, inject: item.inject });
    else heldBack.push({ key: item.key, atMs: item.atMs, reason: cond.reason });
  }
  return { due, heldBack };
}

/** The next inject still to come after `elapsedMs` (conditional ones included: the condition is decided at its time). */
export function nextInject(sc: Scenario, events: readonly ScorableEvent[], elapsedMs: number): DueInject | null {
  const delivered = deliveredKeys(events);
  for (const item of planDrill(sc).items) {
    if (item.kind === 'inject' && item.atMs > elapsedMs && !delivered.has(item.key)) {
      return { key: item.key, index: item.index, atMs: item.atMs, inject: item.inject };
    }
  }
  return null;
}

export function deliveredKeys(events: readonly ScorableEvent[]): Set<string> {
  const out = new Set<string>();
  for (const e of events) if (e.type === 'drill.inject') out.add(String((e.payload as { inject?: unknown }).inject));
  return out;
}
