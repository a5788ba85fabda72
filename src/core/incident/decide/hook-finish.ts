import { actingRole } from '../../authority.js';
import { isHookStepId } from '../../hook-step.js';
import type { IncidentState } from '../../incident-state.js';
import type { CommandOf, DecideContext } from './command.js';
import { completeFromHook } from './complete-from-hook.js';
import { accept, type Decision, emit, invalid } from './decision.js';
import { findStep, stepRole } from './steps.js';

/**
 * Logs how a started run ended (even on a closed incident, even after someone recorded an outcome
 * by hand: what the hook did is evidence), and completes its playbook step when it succeeded.
 */
export function decideHookFinish(state: IncidentState, cmd: CommandOf<'hook-finish'>, ctx: DecideContext): Decision {
  const run = state.runs.find((r) => r.run === cmd.run);
  if (!run) return invalid('run.unknown', { run: cmd.run, incident: state.id });
  const st = run.step ? findStep(state, run.step) : undefined;
  // The role it was fired in: the step's owner or commander, else the role the actor approved it in.
  const role = st ? (stepRole(state, ctx, st) ?? actingRole(state, ctx.actor, st.approvals.filter((a) => a.person === ctx.actor).map((a) => a.role))) : null;
  const finished = emit(state, ctx, 'hook.finished', { run: run.run, hook: run.hook, step: run.step, ...cmd.outcome, ...(run.undoOf ? { undoOf: run.undoOf } : {}) }, role);
  // After a recorded outcome the late report is evidence only: the step follows the record.
  const completion = cmd.outcome.ok && run.step && !isHookStepId(run.step) && !run.finished?.recorded ? completeFromHook(state, [finished], run.step, ctx, cmd.text) : [];
  return accept([finished, ...completion], role);
}
