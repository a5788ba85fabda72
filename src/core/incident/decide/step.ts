import { holdersOf, rolesOf } from '../../authority.js';
import { formatShortDuration } from '../../duration.js';
import type { IncidentState, StepState } from '../../incident-state.js';
import type { CommandOf, DecideContext } from './command.js';
import { accept, type Decision, emit, invalid, refuse } from './decision.js';
import { isFailure, missingApprovals, playbookStep, stepHook, stepRole } from './steps.js';
import { completionOf, waitDurationOf } from '../../step-kinds/index.js';
import { waitEndsAt } from '../wait-window.js';
import { chosenOption, doneOnDecision } from './arg-checks.js';

/** Marks a step done, skipped or chosen; a hook step completes when its hook succeeds (or is recorded by hand). */
export function decideStep(state: IncidentState, cmd: CommandOf<'step'>, ctx: DecideContext): Decision {
  const st = playbookStep(state, cmd.step);
  if (isFailure(st)) return st;
  if (st.status === 'done' || st.status === 'skipped') return invalid('step.finished', { step: st.id, status: st.status, by: st.doneBy, at: st.doneAt });
  // --retry and --record say how a hook step was done: on a step with no hook they mean nothing, and
  // completing it anyway would log as done (a customer update as sent) what nobody did.
  const asked = cmd.retry ? 'retry' : cmd.record ? 'record' : undefined;
  if (asked && !cmd.fromHook && !stepHook(st)) return invalid('step.no-hook', { step: st.id, asked, decision: completionOf(st.spec).by === 'option', incident: state.id });
  const args = { step: st.id, action: cmd.action };
  const role = stepRole(state, ctx, st);
  // A hook that succeeded completes its step: firing it was already authorised.
  if (!role && !cmd.fromHook) {
    const owners = [st.owner, 'commander'];
    return refuse(state, ctx, 'step.owner', 'step', args, { step: st.id, owner: st.owner, holders: holdersOf(state, owners), actor: ctx.actor, held: rolesOf(state, ctx.actor) });
  }
  const note = cmd.note ? { note: cmd.note } : {};
  if (cmd.action === 'skip') {
    if (!cmd.reason?.trim()) return invalid('skip.reason-missing', {});
    return accept([emit(state, ctx, 'step.skipped', { step: st.id, reason: cmd.reason }, role)], role);
  }
  if (cmd.action === 'choose') {
    const opt = chosenOption(st.spec, cmd.option);
    if ('ok' in opt) return opt;
    return accept([emit(state, ctx, 'step.completed', { step: st.id, option: opt.id, ...(opt.goto ? { goto: opt.goto } : {}), ...note }, role)], role);
  }
  const decision = doneOnDecision(st.spec);
  if (decision) return decision;
  const warnings: string[] = [];
  const marks: { byHand?: { hook: string; run: string }; endedEarlyBy?: string } = {};
  const hook = stepHook(st);
  if (hook) {
    const last = st.runs.at(-1);
    if (cmd.fromHook) {
      if (!last?.finished?.ok) return invalid('hook.not-succeeded', { hook, step: st.id });
    } else if (cmd.record) {
      const missing = missingApprovals(st);
      if (missing.length) return refuse(state, ctx, 'approval.missing', 'step', args, { step: st.id, missing });
      if (!cmd.note?.trim()) return invalid('record.note-missing', {});
      if (!last || last.finished?.ok) return invalid('record.nothing-failed', { step: st.id, hasRun: Boolean(last) });
      warnings.push(`recorded ${st.id} as done by hand; hook ${hook} did not succeed`);
      marks.byHand = { hook, run: last.run };
    } else {
      return invalid('step.completes-by-hook', { incident: state.id, step: st.id, hook });
    }
  }
  const early = endedEarlyBy(state, ctx, st);
  if (early !== null) {
    warnings.push(`wait ${st.id} ended early, ${early} before its ${waitDurationOf(st.spec)} were up`);
    marks.endedEarlyBy = early;
  }
  const text = cmd.text !== undefined ? { text: cmd.text } : {};
  // The marks go into the event, so the postmortem says so too, not only this terminal
  return accept([emit(state, ctx, 'step.completed', { step: st.id, ...note, ...text, ...marks }, role)], role, warnings);
}

/** For a wait step ended before its time was up, how much was left (`9m59s`); else null. */
function endedEarlyBy(state: IncidentState, ctx: DecideContext, st: StepState): string | null {
  const ends = waitEndsAt(state, st);
  const now = Date.parse(ctx.now);
  return ends !== null && now < ends ? formatShortDuration(ends - now) : null;
}
