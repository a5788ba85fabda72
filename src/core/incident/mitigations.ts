import type { HookRun } from './state.js';

/** What the check reads of a run (a state's HookRun has it, and so does an export's). */
export type RunFacts = Pick<HookRun, 'run' | 'hook' | 'step' | 'startedAt' | 'simulated' | 'undoOf'> & { finished?: { ok: boolean } };

/** A hook run that changed something and has an undo nobody ran: it is still in effect. */
export interface MitigationInEffect {
  run: string;
  hook: string;
  undo: string;
  step: string | null;
  since: string;
  simulated: boolean;
}

/**
 * Runs that succeeded, of hooks aiops.yaml gives an undo, with no successful undo run after
 * them, oldest first ("pause-feature still in effect since 02:14"). Pure.
 */
export function mitigationsInEffect(runs: readonly RunFacts[], undoOf: (hook: string) => string | undefined): MitigationInEffect[] {
  const undone = new Set(runs.filter((r) => r.undoOf && r.finished?.ok).map((r) => r.undoOf!));
  const out: MitigationInEffect[] = [];
  for (const r of runs) {
    if (r.undoOf || !(r.simulated || r.finished?.ok) || undone.has(r.run)) continue;
    const undo = undoOf(r.hook);
    if (undo) out.push({ run: r.run, hook: r.hook, undo, step: r.step, since: r.startedAt, simulated: r.simulated });
  }
  return out;
}

/** One line per mitigation, as the close warning says it; the undo is named, not how to run it (that is the front door's). */
export function mitigationLine(m: MitigationInEffect): string {
  const since = `${m.since.slice(0, 10)} ${m.since.slice(11, 16)} UTC`;
  return `mitigation still in effect: ${m.hook} since ${since} (${m.run}${m.simulated ? ', simulated' : ''} of step ${m.step ?? m.hook}), its undo ${m.undo} never ran`;
}
