import type { IncidentState } from '../core/incident-state.js';

/**
 * Which step the list has selected. Following, it is the current step. Pinned, it is the step the
 * user moved to; if that step was still to do when they moved there and has since been done
 * (skipped, chosen, …), the selection moves on to the next step to do after it on the path, so
 * progress carries the selection along unless the user has moved it elsewhere in the meantime.
 */
export type Selection = { follow: true } | { follow: false; step: string; wasPending: boolean };

export const FOLLOW_CURRENT: Selection = { follow: true };

/** The selection after the user moves to `stepId`: moving onto the current step follows it again. */
export function selectStep(state: IncidentState, stepId: string): Selection {
  if (stepId === state.current) return FOLLOW_CURRENT;
  const st = state.steps.find((s) => s.id === stepId);
  return { follow: false, step: stepId, wasPending: st?.status === 'pending' };
}

/** The index in state.steps the list shows as selected. */
export function selectedIndex(state: IncidentState, selection: Selection): number {
  const indexOf = (id: string | null | undefined) => (id ? state.steps.findIndex((s) => s.id === id) : -1);
  const following = () => {
    const current = indexOf(state.current);
    if (current >= 0) return current;
    // Nothing left to do: rest on the last step on the path rather than jump back to the top.
    return Math.max(0, indexOf(state.path.at(-1)));
  };
  if (selection.follow) return following();
  const pinned = indexOf(selection.step);
  if (pinned < 0) return following();
  if (!selection.wasPending || state.steps[pinned]!.status === 'pending') return pinned;
  const next = nextPendingAfter(state, selection.step);
  return next ? indexOf(next) : following();
}

/** The first step still to do after `stepId` on the path decisions have taken, if any. */
export function nextPendingAfter(state: IncidentState, stepId: string): string | null {
  const from = state.path.indexOf(stepId);
  if (from < 0) return null;
  for (const id of state.path.slice(from + 1)) {
    if (state.steps.find((s) => s.id === id)?.status === 'pending') return id;
  }
  return null;
}
