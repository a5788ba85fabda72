import { actingRole, holdersOf, rolesOf } from '../../authority.js';
import type { NewEvent } from '../../events.js';
import type { IncidentState, StepState } from '../../incident-state.js';
import { firstLapse } from '../approval-pin.js';
import type { CommandOf, DecideContext } from './command.js';
import { accept, type Decision, emit, invalid, refuse } from './decision.js';
import { approvableStep, isFailure, missingApprovals, stepHook } from './steps.js';

/**
 * Approves a step's hook in a role it still needs (two-person rule), or overrides as commander with
 * a reason. Approvals given for a command other than the one that would run now lapse first (logged,
 * with what changed), so the round is counted afresh. A hook that cannot run gets no approval.
 */
export function decideApprove(state: IncidentState, cmd: CommandOf<'approve'>, ctx: DecideContext): Decision {
  const found = approvableStep(state, cmd.step);
  if (isFailure(found)) return found;
  const lapse = cmd.argv && cmd.command ? firstLapse(found, { argv: cmd.argv, command: cmd.command }) : null;
  const st: StepState = lapse ? { ...found, approvals: [] } : found;
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
    ...(cmd.command ? { command: cmd.command } : {}),
    ...(cmd.note ? { note: cmd.note } : {}),
    ...(cmd.inventory ? { inventory: cmd.inventory } : {}),
  };
  // What lapsed is logged before the approval that counts for the command as it is now.
  const lapsed = (role: string): NewEvent[] =>
    lapse && hook ? [emit(state, ctx, 'approval.lapsed', { step: st.id, hook, approved: lapse.approved, now: lapse.now, changes: lapse.changes }, role)] : [];
  const told = lapse ? [lapsedWarning(found, lapse.changes)] : [];
  if (cmd.override !== undefined) {
    if (!cmd.override.trim()) return invalid('override.reason-missing', {});
    if (actingRole(state, ctx.actor, ['commander']) !== 'commander') {
      return refuse(state, ctx, 'override.commander', 'approve', args, { holders: holdersOf(state, ['commander']) });
    }
    if (missing.length === 0) return invalid('override.nothing-missing', { step: st.id });
    if (cmd.blocked !== undefined) return invalid('approval.hook-blocked', { incident: state.id, step: st.id, hook, reason: cmd.blocked });
    const granted = emit(state, ctx, 'approval.granted', { ...base, role: 'commander', override: { reason: cmd.override, missing } }, 'commander');
    return accept([...lapsed('commander'), granted], 'commander', told);
  }
  if (missing.length === 0) return invalid('approval.complete', { step: st.id });
  const mine = st.approvals.find((a) => a.person === ctx.actor);
  if (mine) return refuse(state, ctx, 'approval.two-person', 'approve', args, { actor: ctx.actor, step: st.id, role: mine.role, missing });
  const role = actingRole(state, ctx.actor, missing);
  if (!role) {
    return refuse(state, ctx, 'approval.role', 'approve', args, { step: st.id, missing, holders: holdersOf(state, missing), actor: ctx.actor, held: rolesOf(state, ctx.actor) });
  }
  if (cmd.blocked !== undefined) return invalid('approval.hook-blocked', { incident: state.id, step: st.id, hook, reason: cmd.blocked });
  const events = lapsed(role);
  if (st.requestedAt === null) events.push(emit(state, ctx, 'approval.requested', { step: st.id, hook, roles: st.needs }, role));
  events.push(emit(state, ctx, 'approval.granted', { ...base, role }, role));
  return accept(events, role, told);
}

/** Tells the approver whose approvals no longer count, and why. */
function lapsedWarning(step: StepState, changes: string[]): string {
  const who = step.approvals.map((a) => `${a.role}: ${a.person}`).join(', ');
  return `the earlier approvals of ${step.id} (${who}) were for another command and lapsed (${changes.join('; ')}); this one is for the command as it is now`;
}
