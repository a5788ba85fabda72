import { isHookStepId } from '../hook-step.js';
import { gotoAfter } from '../step-kinds/index.js';
import type { IncidentDraft } from './draft.js';

/** Walks the playbook from the first step, following decisions, to find the path and the current step. */
export function recomputePath(d: IncidentDraft): void {
  const steps = d.s.steps;
  // Built like a Map from all steps, so a repeated id (a playbook validate rejects) jumps to its last step.
  const index = new Map(steps.map((st, i) => [st.id, i]));
  const onPath = new Set<string>();
  const path: string[] = [];
  let i = 0;
  while (i < steps.length) {
    const st = steps[i]!;
    if (isHookStepId(st.id)) {
      i += 1;
      continue;
    }
    // A goto back to a step already walked ends the walk: a finished step is not redone.
    if (onPath.has(st.id)) break;
    onPath.add(st.id);
    path.push(st.id);
    let next = i + 1;
    const goto = st.status === 'done' ? gotoAfter(st.spec, st.option) : undefined;
    if (goto !== undefined) next = index.get(goto) ?? next;
    i = next;
  }
  steps.forEach((st, at) => {
    if (isHookStepId(st.id)) return;
    if (st.status === 'bypassed' && onPath.has(st.id)) d.editStep(at).status = 'pending';
    else if (st.status === 'pending' && !onPath.has(st.id)) d.editStep(at).status = 'bypassed';
  });
  d.s.path = path;
  d.s.current = path.find((id) => d.s.steps[d.stepAt(id)]!.status === 'pending') ?? null;
}
