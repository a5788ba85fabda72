import { rolesOf } from '../../authority.js';
import { isHookStepId } from '../../hook-step.js';
import type { IncidentState } from '../../incident-state.js';
import type { CommandOf, DecideContext } from './command.js';
import { accept, type Decision, emit, refuse } from './decision.js';
import { decideRequestHook } from './request-hook.js';
import { approvableStep, isFailure, stepHook } from './steps.js';

/** Asks for a step's approvals (again, after a deny), or opens a round for a hook run outside the playbook. */
export function decideRequest(state: IncidentState, cmd: CommandOf<'request'>, ctx: DecideContext): Decision {
  if (isHookStepId(cmd.step)) return decideRequestHook(state, cmd, ctx);
  const st = approvableStep(state, cmd.step);
  if (isFailure(st)) return st;
  const role = rolesOf(state, ctx.actor)[0] ?? null;
  // A request clears a denial: only someone holding a role on the incident may make it.
  if (!role) return refuse(state, ctx, 'step.owner', 'request', { step: st.id }, { incident: state.id, actor: ctx.actor });
  return accept([emit(state, ctx, 'approval.requested', { step: st.id, hook: stepHook(st), roles: st.needs }, role)], role);
}
