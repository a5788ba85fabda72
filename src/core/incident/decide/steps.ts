import { actingRole } from '../../authority.js';
import type { IncidentState, StepState } from '../../incident-state.js';
import { hookOfStepId, isHookStepId } from '../../hook-step.js';
import { hookOf } from '../../step-kinds/index.js';
import type { DecideContext } from './command.js';
import { invalid } from './decision.js';
import type { Invalid } from './failures.js';

/** The incident's step, or a pseudo-step `hook:NAME` for a hook fired outside the playbook. */
export function findStep(state: IncidentState, id: string): StepState | undefined {
  return state.steps.find((s) => s.id === id);
}

/** The hook a step fires, if its kind has one. */
export function stepHook(step: StepState): string | null {
  return hookOf(step.spec);
}

/** Roles still missing for a step's current approval round. */
export function missingApprovals(step: StepState): string[] {
  if (step.approvals.some((a) => a.override || a.policy)) return [];
  const filled = new Set(step.approvals.map((a) => a.role));
  return step.needs.filter((r) => !filled.has(r));
}

/** Seq of the approval that completed the current round (0 when none were needed). */
export function approvalRoundSeq(step: StepState): number {
  return step.approvals.reduce((m, a) => Math.max(m, a.seq), 0);
}

/** The run id the next hook run gets (`run-3`). */
export function nextRunId(state: IncidentState): string {
  return `run-${state.runs.length + 1}`;
}

/** The role the actor works a step in: its owner, else the commander. */
export function stepRole(state: IncidentState, ctx: DecideContext, st: StepState): string | null {
  return actingRole(state, ctx.actor, [st.owner, 'commander']);
}

/** `data-leakage@1.2.0`: the name of the pinned playbook, as failures quote it. */
export function pinnedName(state: IncidentState): string {
  return `${state.playbook.id}@${state.playbook.version}`;
}

/**
 * A playbook step to work or reopen, or the failure naming the steps there are: a hook run on its
 * own (hook:NAME) is no step here, and is neither found nor offered.
 */
export function playbookStep(state: IncidentState, stepId: string): StepState | Invalid {
  const st = findStep(state, stepId);
  if (st && !isHookStepId(st.id)) return st;
  return invalid('step.unknown', { step: stepId, playbook: pinnedName(state), steps: state.steps.filter((x) => !isHookStepId(x.id)).map((x) => x.id) });
}

/** The step an approve, deny or request is about, if one may be approved now. */
export function approvableStep(state: IncidentState, stepId: string): StepState | Invalid {
  const st = findStep(state, stepId);
  if (!st && isHookStepId(stepId)) return invalid('hook-step.not-requested', { incident: state.id, step: stepId, hook: hookOfStepId(stepId) ?? stepId });
  if (!st) return invalid('step.unknown', { step: stepId, playbook: pinnedName(state) });
  if (st.needs.length === 0) return invalid('approval.not-needed', { step: st.id });
  if (st.status === 'done' || st.status === 'skipped') return invalid('step.already', { step: st.id, status: st.status });
  return st;
}

/** Narrows a found-or-failed result. */
export function isFailure<T extends object>(found: T | Invalid): found is Invalid {
  return 'ok' in found && found.ok === false;
}
