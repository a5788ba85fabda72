import { rolesOf } from '../../authority.js';
import type { EventPayloads } from '../../events.js';
import { hookOfStepId, hookStepNeeds, isPolicyHookStepId, paramTexts } from '../../hook-step.js';
import { paramsOf } from '../../step-kinds/index.js';
import type { IncidentState } from '../../incident-state.js';
import type { CommandOf, DecideContext } from './command.js';
import { accept, type Decision, emit, invalid, refuse } from './decision.js';
import { findStep } from './steps.js';

/**
 * Opens a new approval round on a pseudo-step `hook:NAME` for one exact set of params (an undo: of one run).
 * A severity policy's own `policy:ID:hook:NAME` exists only once the policy fired, and keeps its params.
 */
export function decideRequestHook(state: IncidentState, cmd: CommandOf<'request'>, ctx: DecideContext): Decision {
  const hook = hookOfStepId(cmd.step) ?? cmd.step;
  const policyStep = isPolicyHookStepId(cmd.step) ? findStep(state, cmd.step) : undefined;
  if (isPolicyHookStepId(cmd.step) && !policyStep) return invalid('hook-step.not-requested', { incident: state.id, step: cmd.step, hook });
  const spec = ctx.config.hooks?.[hook];
  if (!spec) return invalid('hook.undefined', { hook, hooks: Object.keys(ctx.config.hooks ?? {}) });
  const args = { step: cmd.step, hook };
  const role = rolesOf(state, ctx.actor)[0] ?? null;
  if (!role) return refuse(state, ctx, 'step.owner', 'request', args, { incident: state.id, actor: ctx.actor });
  const unknown = findStep(state, cmd.step)?.runs.find((r) => !r.finished);
  if (unknown) {
    return refuse(state, ctx, 'hook.outcome-unknown', 'request', args, { incident: state.id, hook: unknown.hook, run: unknown.run, startedAt: unknown.startedAt });
  }
  let roles = hookStepNeeds(ctx.config, hook);
  if (cmd.undoOf !== undefined) {
    const run = state.runs.find((r) => r.run === cmd.undoOf);
    if (!run) return invalid('run.unknown', { run: cmd.undoOf, incident: state.id });
    if (!run.finished?.ok) return invalid('undo.not-succeeded', { run: run.run, hook: run.hook });
    const undo = ctx.config.hooks?.[run.hook]?.undo;
    if (undo !== hook) return invalid('undo.mismatch', { hook: run.hook, undo: undo ?? null, requested: hook });
    const original = findStep(state, run.step ?? '');
    roles = [...(original?.needs ?? [])];
    for (const r of spec.approve ?? []) if (!roles.includes(r)) roles.push(r);
  }
  const payload: EventPayloads['approval.requested'] = {
    step: cmd.step,
    hook,
    roles,
    ...(cmd.argv ? { argv: cmd.argv } : {}),
    params: cmd.params ? { ...cmd.params } : policyStep ? paramTexts(paramsOf(policyStep.spec)) : {},
    ...(cmd.undoOf !== undefined ? { undoOf: cmd.undoOf } : {}),
  };
  return accept([emit(state, ctx, 'approval.requested', payload, role)], role);
}
