import type { IncidentState } from '../incident-state.js';

export type RunRef = { ok: true; run: string } | { ok: false; candidates: string[] };

/**
 * The run a person means by what they typed: a run id (`run-6`); a bare number, the run `run-N`
 * or the run still waiting for an outcome of the playbook's step N (numbered as `playbook show`
 * numbers them); or a step id, that step's run waiting for an outcome. Unknown refs pass through
 * (the caller reports no such run); a ref that could mean two runs is returned with both.
 */
export function resolveRunRef(state: IncidentState, ref: string): RunRef {
  const text = ref.trim();
  if (state.runs.some((r) => r.run === text)) return { ok: true, run: text };
  const waiting = (step: string | undefined) => (step === undefined ? [] : state.runs.filter((r) => r.step === step && !r.finished).map((r) => r.run));
  const candidates = new Set<string>();
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (state.runs.some((r) => r.run === `run-${n}`)) candidates.add(`run-${n}`);
    for (const r of waiting(state.playbookContent.steps[n - 1]?.id)) candidates.add(r);
  } else {
    for (const r of waiting(state.steps.find((s) => s.id === text)?.id)) candidates.add(r);
  }
  const found = [...candidates];
  if (found.length === 1) return { ok: true, run: found[0]! };
  if (found.length > 1) return { ok: false, candidates: found };
  return { ok: true, run: text };
}
