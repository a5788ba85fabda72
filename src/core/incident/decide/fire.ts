import { actingRole, rolesOf } from '../../authority.js';
import { heldBy, releasedBy } from '../../severity-policy.js';
import { isHookStepId } from '../../hook-step.js';
import { completionOf } from '../../step-kinds/index.js';
import type { IncidentState, StepState } from '../../incident-state.js';
import type { CommandOf, DecideContext } from './command.js';
import { accept, type Decision, invalid, refuse } from './decision.js';
import type { Failure } from './failures.js';
import { approvalRoundSeq, findStep, missingApprovals, pinnedName, stepHook, stepRole } from './steps.js';

/** The step whose hook may fire now, and the role the actor fires it in; or why not. */
export type FireCheck = { ok: true; step: StepState; hook: string; role: string | null } | Failure;

/** May this actor fire the step's hook now? Approvals in, not denied, no run without an outcome, once per approval. */
export function checkFire(state: IncidentState, cmd: { step: string; retry?: boolean; policy?: string }, ctx: DecideContext): FireCheck {
  const st = findStep(state, cmd.step);
  if (!st) return invalid('step.unknown', { step: cmd.step, playbook: pinnedName(state) });
  const hook = stepHook(st);
  if (!hook) return invalid('step.no-hook', { step: st.id, ...(cmd.retry ? { asked: 'retry' as const, decision: completionOf(st.spec).by === 'option', incident: state.id } : {}) });
  if (st.status === 'done' || st.status === 'skipped') return invalid('step.already', { step: st.id, status: st.status });
  const args = { step: st.id, hook, ...(cmd.retry ? { retry: true } : {}) };
  if (st.status === 'bypassed') return refuse(state, ctx, 'step.bypassed', 'fire', args, { incident: state.id, step: st.id, hook });
  if (st.denied) return refuse(state, ctx, 'approval.denied', 'fire', args, { incident: state.id, step: st.id, by: st.denied.by, reason: st.denied.reason });
  const missing = missingApprovals(st);
  if (missing.length > 0) {
    const have = st.approvals.map((a) => ({ role: a.role, person: a.person }));
    return refuse(state, ctx, 'approval.missing', 'fire', args, { step: st.id, missing, hook, have });
  }
  const held = heldBy(state, st.id);
  if (held) return refuse(state, ctx, 'policy.held', 'fire', args, { incident: state.id, step: st.id, hook, policy: held.policy, role: held.role, holder: state.roles[held.role]?.person ?? null });
  const byPolicy = cmd.policy !== undefined && releasedBy(state, st.id) === cmd.policy;
  const role = stepRole(state, ctx, st) ?? actingRole(state, ctx.actor, st.approvals.filter((a) => a.person === ctx.actor).map((a) => a.role)) ?? (byPolicy ? (rolesOf(state, ctx.actor)[0] ?? null) : null);
  if (!role && !byPolicy) return refuse(state, ctx, 'step.owner', 'fire', args, { step: st.id, owner: st.owner, actor: ctx.actor });
  // Any run of this step without an outcome blocks it, whatever approval round it belonged to.
  const unknown = st.runs.find((r) => !r.finished);
  if (unknown) {
    return refuse(state, ctx, 'hook.outcome-unknown', 'fire', args, { incident: state.id, hook: unknown.hook, run: unknown.run, startedAt: unknown.startedAt });
  }
  const round = approvalRoundSeq(st);
  const last = st.runs.filter((r) => r.seq > round && (!r.undoOf || isHookStepId(st.id))).at(-1);
  if (last && last.finished?.ok) return invalid('hook.already-succeeded', { hook, step: st.id });
  if (last && !cmd.retry) return refuse(state, ctx, 'hook.once-per-approval', 'fire', args, { hook, step: st.id });
  return { ok: true, step: st, hook, role };
}

/** The fire checks alone, no events: hook-begin logs the run once the hook is resolved. */
export function decideFire(state: IncidentState, cmd: CommandOf<'fire'>, ctx: DecideContext): Decision {
  const check = checkFire(state, cmd, ctx);
  return check.ok ? accept([], check.role) : check;
}
