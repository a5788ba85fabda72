import { actingRole, rolesOf } from '../../authority.js';
import type { IncidentState } from '../../incident-state.js';
import type { CommandOf, DecideContext } from './command.js';
import { accept, type Decision, emit, invalid, refuse } from './decision.js';
import { approvableStep, isFailure, stepHook } from './steps.js';

/** Denies a step's hook with a reason: a role it needs, or the commander; firing waits for a new request. */
export function decideDeny(state: IncidentState, cmd: CommandOf<'deny'>, ctx: DecideContext): Decision {
  const st = approvableStep(state, cmd.step);
  if (isFailure(st)) return st;
  if (!cmd.reason.trim()) return invalid('deny.reason-missing', {});
  const role = actingRole(state, ctx.actor, [...st.needs, 'commander']);
  if (!role) {
    const roles = [...new Set([...st.needs, 'commander'])];
    return refuse(state, ctx, 'approval.role', 'deny', { step: st.id }, { step: st.id, roles, actor: ctx.actor, held: rolesOf(state, ctx.actor) });
  }
  return accept([emit(state, ctx, 'approval.denied', { step: st.id, hook: stepHook(st), role, reason: cmd.reason }, role)], role);
}
