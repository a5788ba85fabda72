import { parseDuration } from '../core/duration.js';
import type { Inject, Scenario, ScriptEntry } from '../core/schemas/scenario.js';

/** An inject's name in the log: its id, else its position (`inject-3`). */
export function injectKey(inject: Inject, index: number): string {
  return inject.id ?? `inject-${index + 1}`;
}

export type PlanItem =
  | { kind: 'inject'; atMs: number; index: number; key: string; inject: Inject }
  | { kind: 'script'; atMs: number; index: number; entry: ScriptEntry };

export interface DrillPlan {
  /** Injects and script entries in the order they happen; at the same time, injects come first (the team reacts to them). */
  items: PlanItem[];
  /** When the drill is over: the scenario's `duration`, or its last inject or script entry, whichever is later. */
  endMs: number;
}

const ms = (text: string) => parseDuration(text) ?? 0;

/** Lays a scenario's injects and script out on one timeline. Pure and stable. */
export function planDrill(sc: Scenario): DrillPlan {
  const injects: PlanItem[] = sc.injects.map((inject, index) => ({ kind: 'inject', atMs: ms(inject.at), index, key: injectKey(inject, index), inject }));
  const script: PlanItem[] = (sc.script ?? []).map((entry, index) => ({ kind: 'script', atMs: ms(entry.at), index, entry }));
  const items = [...injects, ...script].sort(
    (a, b) => a.atMs - b.atMs || (a.kind === b.kind ? a.index - b.index : a.kind === 'inject' ? -1 : 1),
  );
  const endMs = Math.max(sc.duration ? ms(sc.duration) : 0, ...items.map((i) => i.atMs));
  return { items, endMs };
}
