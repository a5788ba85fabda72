import { actingRole, holdersOf, rolesOf } from '../../authority.js';
import type { NewEvent } from '../../events.js';
import type { IncidentState } from '../../incident-state.js';
import type { CommandOf, DecideContext } from './command.js';
import { accept, type Decision, emit, invalid, refuse } from './decision.js';
import { approvableStep, isFailure, missingApprovals, stepHook } from './steps.js';

/** Approves a step's hook in a role it still needs (two-person rule), or overrides as commander with a reason. */
export function decideApprove(state: IncidentState, cmd: CommandOf<'approve'>, ctx: DecideContext): Decision {
  const st = approvableStep(state, cmd.step);
  if (isFailure(st)) return st;
  const args = { step: st.id, ...(cmd.override ? { override: true } : {}) };
  const hook = stepHook(st);
  if (st.status === 'bypassed') return refuse(state, ctx, 'step.bypassed', 'approve', args, { incident: state.id, step: st.id, hook });
  if (st.denied) return refuse(state, ctx, 'approval.denied', 'approve', args, { incident: state.id, step: st.id, by: st.denied.by, reason: st.denied.reason });
  const missing = missingApprovals(st);
  const base = {
    step: st.id,
    hook,
    playbook: state.playbook,
    context: state.context,
    ...(cmd.argv ? { argv: cmd.argv } : {}),
    ...(cmd.note ? { note: cmd.note } : {}),
    ...(cmd.inventory ? { inventory: cmd.inventory } : {}),
  };
  if (cmd.override !== undefined) {
    if (!cmd.override.trim()) return invalid('override.reason-missing', {});
    if (actingRole(state, ctx.actor, ['commander']) !== 'commander') {
      return refuse(state, ctx, 'override.commander', 'approve', args, { holders: holdersOf(state, ['commander']) });
    }
    if (missing.length === 0) return invalid('override.nothing-missing', { step: st.id });
    return accept([emit(state, ctx, 'approval.granted', { ...base, role: 'commander', override: { reason: cmd.override, missing } }, 'commander')], 'commander');
  }
  if (missing.length === 0) return invalid('approval.complete', { step: st.id });
  const mine = st.approvals.find((a) => a.person === ctx.actor);
  if (mine) return refuse(state, ctx, 'approval.two-person', 'approve', args, { actor: ctx.actor, step: st.id, role: mine.role, missing });
  const role = actingRole(state, ctx.actor, missing);
  if (!role) {
    return refuse(state, ctx, 'approval.role', 'approve', args, { step: st.id, missing, holders: holdersOf(state, missing), actor: ctx.actor, held: rolesOf(state, ctx.actor) });
  }
  const events: NewEvent[] = [];
  if (st.requestedAt === null) events.push(emit(state, ctx, 'approval.requested', { step: st.id, hook, roles: st.needs }, role));
  events.push(emit(state, ctx, 'approval.granted', { ...base, role }, role));
  return accept(events, role);
}
