import { rolesOf } from '../../authority.js';
import type { IncidentState } from '../../incident-state.js';
import type { CommandOf, DecideContext } from './command.js';
import { accept, type Decision, emit, invalid } from './decision.js';

/** Records, after a person checked, how a run whose hook.finished never came ended. */
export function decideRecordOutcome(state: IncidentState, cmd: CommandOf<'record-outcome'>, ctx: DecideContext): Decision {
  const run = state.runs.find((r) => r.run === cmd.run);
  if (!run) return invalid('run.unknown', { run: cmd.run, incident: state.id });
  if (run.finished) return invalid('run.has-outcome', { run: cmd.run, ok: run.finished.ok });
  if (!cmd.note.trim()) return invalid('outcome.note-missing', {});
  const role = rolesOf(state, ctx.actor)[0] ?? null;
  return accept([emit(state, ctx, 'hook.outcome_recorded', { run: run.run, hook: run.hook, step: run.step, ok: cmd.ok, note: cmd.note }, role)], role);
}
