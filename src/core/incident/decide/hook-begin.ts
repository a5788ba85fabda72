import { isHookStepId } from '../../hook-step.js';
import type { IncidentState } from '../../incident-state.js';
import type { CommandOf, DecideContext } from './command.js';
import { completeFromHook } from './complete-from-hook.js';
import { failedOutcome, failureFor } from '../drill-failures.js';
import { firstLapse } from '../approval-pin.js';
import { accept, type Decision, emit, refuse } from './decision.js';
import { checkFire } from './fire.js';
import { nextRunId } from './steps.js';

/**
 * Logs a hook run as it begins, after the fire checks: hook.started for a real run (hook-finish
 * follows), or hook.simulated in a drill, which completes a playbook step at once. The command must
 * be the one every approval was given for: if it changed (context, title, aiops.yaml), the approvals
 * lapse (logged) and the run is refused with what changed. Approvals pin the command as configured,
 * so one given from another host's copy of the project holds.
 */
export function decideHookBegin(state: IncidentState, cmd: CommandOf<'hook-begin'>, ctx: DecideContext): Decision {
  const check = checkFire(state, cmd, ctx);
  if (!check.ok) return check;
  const { step, hook, role } = check;
  // A message typed at fire time (notify) is the firer's to confirm; every other command is pinned.
  const lapse = cmd.text === undefined ? firstLapse(step, cmd) : null;
  if (lapse) {
    const { approved, now, changes } = lapse;
    const lapsed = emit(state, ctx, 'approval.lapsed', { step: step.id, hook, approved, now, changes }, role);
    return { ...refuse(state, ctx, 'approval.lapsed', 'fire', { step: step.id, hook }, { incident: state.id, step: step.id, hook, changes }), events: [lapsed] };
  }
  const run = nextRunId(state);
  const undoOf = isHookStepId(step.id) ? step.undoOf : undefined;
  const failure = cmd.simulated ? failureFor(state, hook) : null;
  if (failure) {
    // The scenario makes this hook fail: logged as a run that started and failed, so the team works a real failure.
    const base = { run, hook, step: cmd.step, ...(undoOf ? { undoOf } : {}) };
    const started = emit(state, ctx, 'hook.started', { ...base, argv: cmd.argv, env: [...cmd.env].sort(), cwd: cmd.cwd, retry: Boolean(cmd.retry), simulated: true }, role);
    return accept([started, emit(state, ctx, 'hook.finished', { ...base, ...failedOutcome(failure) }, role)], role);
  }
  if (cmd.simulated) {
    const simulated = emit(state, ctx, 'hook.simulated', { run, hook, step: cmd.step, argv: cmd.argv, ...(undoOf ? { undoOf } : {}) }, role);
    const completion = isHookStepId(cmd.step) ? [] : completeFromHook(state, [simulated], cmd.step, ctx, cmd.text);
    return accept([simulated, ...completion], role);
  }
  const started = emit(
    state,
    ctx,
    'hook.started',
    {
      run,
      hook,
      step: cmd.step,
      argv: cmd.argv,
      env: [...cmd.env].sort(),
      cwd: cmd.cwd,
      retry: Boolean(cmd.retry),
      ...(undoOf ? { undoOf } : {}),
      ...(cmd.runner ? { runner: cmd.runner } : {}),
    },
    role,
  );
  return accept([started], role);
}
