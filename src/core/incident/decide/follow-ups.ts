import { isEnded, type NewEvent, type StoredEvent } from '../../events.js';
import type { IncidentState } from '../../incident-state.js';
import { foldEvents } from '../../reducer.js';
import { newEvent } from '../new-event.js';
import type { DecideContext } from './command.js';
import { findStep, stepHook } from './steps.js';
import { policyFollowUps, policyWithdrawals } from '../../severity-policy.js';

/** The state after `events`, without touching `state`: what the next decision in the same write sees. */
export function foldAhead(state: IncidentState, events: readonly NewEvent[]): IncidentState {
  let seq = state.lastSeq;
  return foldEvents(state, events.map((e): StoredEvent => ({ ...e, seq: ++seq, prevHash: '', hash: '' }))) ?? state;
}

/** Events the system adds after a command: newly overdue steps, and approval requests for the next step. */
export function followUps(state: IncidentState, events: NewEvent[], ctx: DecideContext): NewEvent[] {
  const next = foldAhead(state, events);
  if (!next) return [];
  const out: NewEvent[] = [];
  const meta = { incidentId: state.id, ts: ctx.now, actor: 'system', role: null };
  const now = Date.parse(ctx.now);
  if (!isEnded(next.status)) {
    // An ended drill is over: its steps fall due no more.
    for (const st of next.drillEnded ? [] : next.steps) {
      if (st.status === 'pending' && st.dueAt && Date.parse(st.dueAt) < now && !st.overdueLogged) {
        out.push(newEvent('step.overdue', meta, { step: st.id, due: st.spec.due ?? '', dueAt: st.dueAt }));
      }
    }
    const policies = [...policyWithdrawals(next, ctx.now), ...policyFollowUps(next, ctx.now)];
    out.push(...policies);
    const after = policies.length ? foldAhead(next, policies) : next;
    const cur = after.current ? findStep(after, after.current) : undefined;
    if (cur && cur.needs.length > 0 && cur.requestedAt === null && !cur.denied) {
      out.push(newEvent('approval.requested', meta, { step: cur.id, hook: stepHook(cur), roles: cur.needs }));
    }
  }
  return out;
}
