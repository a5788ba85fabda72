import { holdersOf, rolesOf } from '../../authority.js';
import type { IncidentState } from '../../incident-state.js';
import type { CommandOf, DecideContext } from './command.js';
import { accept, type Decision, emit, invalid, refuse } from './decision.js';
import { isFailure, playbookStep, stepRole } from './steps.js';

/**
 * Opens a done or skipped step again, with a reason (a step marked done by mistake). Who may: as
 * for working the step, its owner role or the commander. The event says what the step had been;
 * what was done before stays in the log, and a hook step's approvals start afresh.
 */
export function decideStepReopen(state: IncidentState, cmd: CommandOf<'step-reopen'>, ctx: DecideContext): Decision {
  const st = playbookStep(state, cmd.step);
  if (isFailure(st)) return st;
  if (st.status !== 'done' && st.status !== 'skipped') return invalid('step.not-finished', { step: st.id, status: st.status });
  if (!cmd.reason.trim()) return invalid('reopen.reason-missing', {});
  const role = stepRole(state, ctx, st);
  if (!role) {
    return refuse(state, ctx, 'step.owner', 'step-reopen', { step: st.id, reason: cmd.reason }, { step: st.id, owner: st.owner, holders: holdersOf(state, [st.owner, 'commander']), actor: ctx.actor, held: rolesOf(state, ctx.actor) });
  }
  return accept([emit(state, ctx, 'step.reopened', { step: st.id, reason: cmd.reason, was: st.status }, role)], role);
}
