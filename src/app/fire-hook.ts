import { OperationFailed, PolicyRefusal, UserError } from '../core/errors.js';
import type { NewEvent } from '../core/events.js';
import { decide, findStep, stepHook } from '../core/decide.js';
import type { HookRun, IncidentState, StepState } from '../core/incident-state.js';
import { reduceIncident } from '../core/reducer.js';
import { renderTemplate } from '../core/template.js';
import type { ResolvedHook } from '../hooks/resolve-hook.js';
import { nowIso, type Session } from './session.js';

export interface FireResult {
  state: IncidentState;
  run: HookRun;
  simulated: boolean;
  ok: boolean;
}

/** Template values a hook sees, also exported to it as AIOPS_* variables. */
export function hookValues(state: IncidentState, step: StepState | null, actor: string, now: string) {
  const incident = {
    id: state.id,
    title: state.title,
    service: state.service,
    severity: state.severity,
    trigger: state.trigger ?? '',
    status: state.status,
    drill: state.drill ? 'true' : 'false',
  };
  const base = { incident, actor, now, context: state.context, step: { id: step?.id ?? '' } };
  const raw = step && (step.spec.kind === 'action' || step.spec.kind === 'notify') ? (step.spec.params ?? {}) : {};
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) params[k] = typeof v === 'string' ? renderTemplate(v, base) : String(v);
  return { ...base, params };
}

async function loadHooks() {
  const [{ resolveHook }, { runHook, mustSimulate }] = await Promise.all([
    import('../hooks/resolve-hook.js'),
    import('../hooks/run-hook.js'),
  ]);
  return { resolveHook, runHook, mustSimulate };
}

/**
 * Fires a step's hook under its approvals: commits hook.started (or hook.simulated in a drill)
 * before anything runs, runs it, then commits hook.finished and, on success, the step.
 * Two terminals racing are serialised by the write transaction: the second is refused.
 */
export async function fireStepHook(
  session: Session,
  incidentId: string,
  stepId: string,
  opts: { retry?: boolean; undoOf?: string; onOutput?: (chunk: string) => void } = {},
): Promise<FireResult> {
  const hooks = await loadHooks();
  const begin = session.store.transaction((tx) => {
    const events = tx.readIncident(incidentId);
    const state = reduceIncident(events);
    if (!state) return { kind: 'missing' as const };
    const now = nowIso(session);
    const decision = decide(state, { kind: 'fire', step: stepId, retry: opts.retry }, { actor: session.actor, now, config: session.project.config, roster: session.project.roster });
    if (!decision.ok) {
      if (decision.kind === 'refused') tx.append([decision.event]);
      return { kind: 'no' as const, decision };
    }
    const step = findStep(state, stepId)!;
    const hookName = stepHook(step)!;
    const spec = session.project.config.hooks?.[hookName];
    if (!spec) return { kind: 'no-hook' as const, hookName };
    const resolved = hooks.resolveHook(hookName, spec, hookValues(state, step, session.actor, now), { root: session.project.root, parentEnv: process.env });
    const run = `run-${state.runs.length + 1}`;
    const simulated = hooks.mustSimulate(resolved, Boolean(state.drill));
    const ev = (type: 'hook.started' | 'hook.simulated', payload: object) =>
      ({ type, incidentId, ts: now, actor: session.actor, role: decision.role, payload }) as NewEvent;
    if (simulated) {
      const appended = tx.append([ev('hook.simulated', { run, hook: hookName, step: stepId, argv: resolved.argv })]);
      const after = reduceIncident([...events, ...appended])!;
      const done = completeStep(session, after, stepId, now);
      const all = tx.append(done);
      return { kind: 'simulated' as const, state: reduceIncident([...events, ...appended, ...all])!, run };
    }
    tx.append([
      ev('hook.started', {
        run,
        hook: hookName,
        step: stepId,
        argv: resolved.argv,
        env: Object.keys(resolved.env).sort(),
        cwd: resolved.cwd,
        retry: Boolean(opts.retry),
        ...(opts.undoOf ? { undoOf: opts.undoOf } : {}),
      }),
    ]);
    return { kind: 'run' as const, resolved, run, role: decision.role };
  });
  if (begin.kind === 'missing') throw new UserError(`no incident ${incidentId}`);
  if (begin.kind === 'no') {
    const d = begin.decision;
    if (d.kind === 'refused') throw new PolicyRefusal(d.rule, d.message);
    throw new UserError(d.message, { hint: d.hint });
  }
  if (begin.kind === 'no-hook') throw new UserError(`hook "${begin.hookName}" is not defined in aiops.yaml`);
  if (begin.kind === 'simulated') {
    return { state: begin.state, run: begin.state.runs.find((r) => r.run === begin.run)!, simulated: true, ok: true };
  }
  return finishRun(session, incidentId, stepId, begin.resolved, begin.run, begin.role, opts.onOutput);
}

async function finishRun(
  session: Session,
  incidentId: string,
  stepId: string,
  resolved: ResolvedHook,
  run: string,
  role: string | null,
  onOutput?: (chunk: string) => void,
): Promise<FireResult> {
  const hooks = await loadHooks();
  const outcome = await hooks.runHook(resolved, { drill: false, redact: session.project.config.redact ?? [], onOutput });
  if (outcome.simulated) throw new OperationFailed('internal: a started hook was simulated');
  const { simulated: _s, ...result } = outcome;
  const state = session.store.transaction((tx) => {
    const events = tx.readIncident(incidentId);
    const now = nowIso(session);
    const finished = tx.append([
      { type: 'hook.finished', incidentId, ts: now, actor: session.actor, role, payload: { run, hook: resolved.name, step: stepId, ...result } } as NewEvent,
    ]);
    const after = reduceIncident([...events, ...finished])!;
    const done = result.ok ? tx.append(completeStep(session, after, stepId, now)) : [];
    return reduceIncident([...events, ...finished, ...done])!;
  });
  return { state, run: state.runs.find((r) => r.run === run)!, simulated: false, ok: result.ok };
}

function completeStep(session: Session, state: IncidentState, stepId: string, now: string): NewEvent[] {
  const d = decide(state, { kind: 'step', step: stepId, action: 'done', fromHook: true }, { actor: session.actor, now, config: session.project.config, roster: session.project.roster });
  return d.ok ? d.events : [];
}
