import { findStep, foldAhead, missingApprovals } from '../core/decide.js';
import { PolicyRefusal } from '../core/errors.js';
import type { IncidentState } from '../core/incident-state.js';
import { notRunnable } from '../hooks/resolve-hook.js';
import { claimRefusal, loginRefusal } from './claim-refusal.js';
import { assertRosterMember } from './identity.js';
import { firesOnApproval, pendingHook } from './incidents.js';
import { decideCommand } from './pipeline.js';
import type { Session } from './session.js';

/** What approving (or overriding) a step would come to now: the role and what follows, or why it would be refused. */
export type ApprovalPreview =
  | { ok: true; role: string; missingAfter: string[]; fires: boolean }
  | { ok: false; rule: string | null; message: string; hint?: string };

/**
 * A dry run of `incident approve` on this state: the same pin, identity check, decision and roster
 * check the act makes, with nothing written. A front door asks it before offering the act, so it
 * never promises what the engine would refuse.
 */
export function previewApproval(session: Session, state: IncidentState, stepId: string, opts: { override?: boolean } = {}): ApprovalPreview {
  const claimed = claimRefusal(session, state) ?? loginRefusal(session, state);
  if (claimed) return { ok: false, rule: claimed.rule, message: claimed.message, ...(claimed.hint ? { hint: claimed.hint } : {}) };
  const hook = pendingHook(session, state, stepId);
  const blocked = hook ? notRunnable(hook) : null;
  const pin = hook ? { argv: hook.argv, command: hook.command, ...(blocked ? { blocked } : {}) } : {};
  // The reason is the user's to give after this: any text stands for it here.
  const verdict = decideCommand(session, state, { kind: 'approve', step: stepId, ...(opts.override ? { override: 'preview' } : {}), ...pin });
  if (verdict.kind === 'refused') return { ok: false, rule: verdict.rule, message: verdict.message, ...(verdict.hint ? { hint: verdict.hint } : {}) };
  if (verdict.kind === 'invalid') return { ok: false, rule: null, message: verdict.message, ...(verdict.hint ? { hint: verdict.hint } : {}) };
  if (!state.drill) {
    try {
      assertRosterMember(session);
    } catch (err) {
      if (err instanceof PolicyRefusal) return { ok: false, rule: err.rule, message: err.message };
      throw err;
    }
  }
  const after = foldAhead(state, verdict.events);
  const st = findStep(after, stepId);
  return { ok: true, role: verdict.role ?? '?', missingAfter: st ? missingApprovals(st) : [], fires: firesOnApproval(after, stepId) };
}
