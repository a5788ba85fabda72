import { parseDuration } from '../duration.js';
import type { IncidentState, StepState } from '../incident-state.js';
import { waitDurationOf } from '../step-kinds/index.js';

/** When a wait step's watch ends (epoch ms): its duration from when the step before it on the path finished; null for other kinds. */
export function waitEndsAt(state: IncidentState, st: StepState): number | null {
  const duration = waitDurationOf(st.spec);
  if (duration === null) return null;
  const idx = state.path.indexOf(st.id);
  const prev = idx > 0 ? state.steps.find((x) => x.id === state.path[idx - 1]) : undefined;
  const start = Date.parse(prev?.doneAt ?? state.openedAt);
  return start + (parseDuration(duration) ?? 0);
}
