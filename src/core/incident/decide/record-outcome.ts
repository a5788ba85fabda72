import { actingRole } from '../../authority.js';
import type { IncidentState } from '../../incident-state.js';
import type { CommandOf, DecideContext } from './command.js';
import { accept, type Decision, emit, invalid, refuse } from './decision.js';
import { findStep } from './steps.js';
import { resolveRunRef } from '../run-ref.js';

/**
 * Records, after a person checked, how a run whose hook.finished never came ended. Only the step's
 * owner, someone who approved it, or the commander may: a recorded failure opens the way to a retry.
 */
export function decideRecordOutcome(state: IncidentState, cmd: CommandOf<'record-outcome'>, ctx: DecideContext): Decision {
  const ref = resolveRunRef(state, cmd.run);
  if (!ref.ok) {
    const candidates = ref.candidates.map((id) => state.runs.find((r) => r.run === id)!).map((r) => ({ run: r.run, hook: r.hook, step: r.step, outcome: r.finished ? (r.finished.ok ? 'ok' : 'failed') : 'outcome unknown' }));
    return invalid('run.ambiguous', { ref: cmd.run, candidates });
  }
  const run = state.runs.find((r) => r.run === ref.run);
  if (!run) return invalid('run.unknown', { run: cmd.run, incident: state.id });
  if (run.finished) return invalid('run.has-outcome', { run: run.run, ok: run.finished.ok });
  if (!cmd.note.trim()) return invalid('outcome.note-missing', {});
  const st = run.step ? findStep(state, run.step) : undefined;
  const approvers = st ? st.approvals.filter((a) => a.person.toLowerCase() === ctx.actor.toLowerCase()).map((a) => a.role) : [];
  const role = actingRole(state, ctx.actor, [...(st ? [st.owner] : []), 'commander', ...approvers]);
  if (!role) {
    return refuse(state, ctx, 'record.role', 'record-outcome', { run: run.run, ok: cmd.ok }, { run: run.run, hook: run.hook, owner: st?.owner ?? null, actor: ctx.actor });
  }
  return accept([emit(state, ctx, 'hook.outcome_recorded', { run: run.run, hook: run.hook, step: run.step, ok: cmd.ok, note: cmd.note }, role)], role);
}
