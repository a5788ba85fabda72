import { stepHook } from '../core/decide.js';
import { firstLapse } from '../core/incident/approval-pin.js';
import type { IncidentState } from '../core/incident-state.js';
import { pendingHook } from './incidents.js';
import type { Session } from './session.js';

/**
 * The incident as its approvals stand against what each pending step's hook would run now:
 * approvals given for another command (the service, context or aiops.yaml changed since) count
 * for nothing, so the step asks for them again. The log is untouched; the next approve or fire
 * logs the lapse. The same state comes back when nothing lapsed.
 */
export function withCurrentApprovals(session: Session, state: IncidentState): IncidentState {
  let changed = false;
  const steps = state.steps.map((st) => {
    if (st.status !== 'pending' || st.approvals.length === 0 || !stepHook(st)) return st;
    const pin = pendingHook(session, state, st.id);
    if (!pin || !firstLapse(st, pin)) return st;
    changed = true;
    return { ...st, approvals: [] };
  });
  return changed ? { ...state, steps } : state;
}
