import { hostname } from 'node:os';
import { OperationFailed, UserError } from '../core/errors.js';
import type { NewEvent } from '../core/events.js';
import { decide, findStep, type Refused, stepHook } from '../core/decide.js';
import { isHookStepId } from '../core/hook-step.js';
import type { HookRun, IncidentState, StepState } from '../core/incident-state.js';
import { renderTemplate } from '../core/template.js';
import type { ResolvedHook } from '../hooks/resolve-hook.js';
import type { HookResult } from '../hooks/run-hook.js';
import { commitLiveIncident, forgetLiveIncident, liveIncidentFor } from './live-incident.js';
import { nowIso, type Session } from './session.js';
import { failureError, refusalEventFor } from './present-failure.js';

export interface FireResult {
  state: IncidentState;
  run: HookRun;
  simulated: boolean;
  ok: boolean;
}

export interface FireOptions {
  retry?: boolean;
  /** Live output, redacted, line by line. */
  onOutput?: (chunk: string, stream?: 'stdout' | 'stderr') => void;
  /** Called after hook.started is committed, with the run id and the child's pid. */
  onStarted?: (run: string, pid: number) => void;
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
  // Playbook params are templates; params typed by a responder (hook run / undo) are literal values.
  const literal = step ? isHookStepId(step.id) : false;
  for (const [k, v] of Object.entries(raw)) params[k] = typeof v === 'string' && !literal ? renderTemplate(v, base) : String(v);
  return { ...base, params };
}

async function loadHooks() {
  const [resolve, run, tree] = await Promise.all([
    import('../hooks/resolve-hook.js'),
    import('../hooks/run-hook.js'),
    import('../hooks/process-tree.js'),
  ]);
  return { resolveHook: resolve.resolveHook, notRunnable: resolve.notRunnable, runHook: run.runHook, mustSimulate: run.mustSimulate, redactSecrets: (await import('../hooks/redact.js')).redactSecrets, isAlive: tree.isAlive };
}

/** Resolves a step's hook for the incident as it is now (no I/O beyond reading the environment). */
export async function resolveStepHook(session: Session, state: IncidentState, step: StepState, env: NodeJS.ProcessEnv = process.env): Promise<ResolvedHook> {
  const hooks = await loadHooks();
  const hookName = stepHook(step);
  const spec = hookName ? session.project.config.hooks?.[hookName] : undefined;
  if (!hookName || !spec) throw new UserError(`hook "${hookName}" is not defined in aiops.yaml`);
  return hooks.resolveHook(hookName, spec, hookValues(state, step, session.actor, nowIso(session)), { root: session.project.root, parentEnv: env, drill: Boolean(state.drill) });
}

/** Who ran a hook (pid and host), from its hook.started event, read by seq. */
function runnerOf(session: Session, run: HookRun): { pid: number; host: string } | undefined {
  const started = session.store.readSince(run.seq - 1, 1)[0];
  return started?.type === 'hook.started' && started.payload.run === run.run ? started.payload.runner : undefined;
}

/**
 * Fires a step's (or pseudo-step's) hook under its approvals. The decision, the run id and
 * hook.started (or hook.simulated in a drill) are committed in one write transaction before
 * anything runs, so two terminals racing are serialised: the second is refused. After the run,
 * hook.finished and, on success, the step's completion are committed.
 */
export async function fireStepHook(session: Session, incidentId: string, stepId: string, opts: FireOptions = {}): Promise<FireResult> {
  const hooks = await loadHooks();
  let begin;
  try {
    begin = session.store.transaction((tx) => {
      // The session's cached incident, brought up to date inside the write lock (live-incident.ts):
      // only events committed since it was last read are read, not the whole incident.
      const live = liveIncidentFor(session, incidentId);
      const state = live.state;
      const now = nowIso(session);
      const ctx = { actor: session.actor, now, config: session.project.config, roster: session.project.roster };
      const decision = decide(state, { kind: 'fire', step: stepId, retry: opts.retry }, ctx);
      if (!decision.ok) {
        const failure = decision.kind === 'refused' ? (runningElsewhere(session, state, stepId, decision, hooks.isAlive) ?? decision) : decision;
        if (failure.kind === 'refused') tx.append([refusalEventFor(state, ctx, failure)]);
        return { kind: 'failed' as const, failure };
      }
      const step = findStep(state, stepId)!;
      const hookName = stepHook(step)!;
      const spec = session.project.config.hooks?.[hookName];
      if (!spec) return { kind: 'no-hook' as const, hookName };
      const resolved = hooks.resolveHook(hookName, spec, hookValues(state, step, session.actor, now), { root: session.project.root, parentEnv: process.env, drill: Boolean(state.drill) });
      const refusal = hooks.notRunnable(resolved);
      if (refusal) return { kind: 'not-runnable' as const, message: refusal, hookName };
      const run = `run-${state.runs.length + 1}`;
      const undoOf = isHookStepId(step.id) ? step.undoOf : undefined;
      const ev = (type: 'hook.started' | 'hook.simulated', payload: object) =>
        ({ type, incidentId, ts: now, actor: session.actor, role: decision.role, payload }) as NewEvent;
      if (hooks.mustSimulate(resolved)) {
        commitLiveIncident(live, tx.append([ev('hook.simulated', { run, hook: hookName, step: stepId, argv: resolved.argv, ...(undoOf ? { undoOf } : {}) })]));
        if (!isHookStepId(stepId)) commitLiveIncident(live, tx.append(completeStep(session, live.state, stepId, now)));
        return { kind: 'simulated' as const, state: live.state, run };
      }
      commitLiveIncident(
        live,
        tx.append([
          ev('hook.started', {
            run,
            hook: hookName,
            step: stepId,
            argv: resolved.argv,
            env: Object.keys(resolved.env).sort(),
            cwd: resolved.cwd,
            retry: Boolean(opts.retry),
            ...(undoOf ? { undoOf } : {}),
            runner: { pid: process.pid, host: hostname() },
          }),
        ]),
      );
      return { kind: 'run' as const, resolved, run, role: decision.role, undoOf };
    });
  } catch (err) {
    // The cached incident may hold events whose commit failed: the next read reloads it.
    forgetLiveIncident(session, incidentId);
    throw err;
  }
  switch (begin.kind) {
    case 'failed':
      throw failureError(begin.failure);
    case 'no-hook':
      throw new UserError(`hook "${begin.hookName}" is not defined in aiops.yaml`);
    case 'not-runnable':
      throw new UserError(`${begin.message}; nothing ran`, { hint: `aiops hook test ${begin.hookName} --incident ${incidentId} shows what it would run` });
    case 'simulated':
      return { state: begin.state, run: begin.state.runs.find((r) => r.run === begin.run)!, simulated: true, ok: true };
    case 'run':
      return finishRun(session, incidentId, stepId, begin, opts);
  }
}

/**
 * A run without an outcome whose aiops process is still alive on this host is in progress, not
 * unknown: say so instead of asking the responder to record it.
 */
function runningElsewhere(session: Session, state: IncidentState, stepId: string, refusal: Refused, isAlive: (pid: number) => boolean): Refused | null {
  if (refusal.rule !== 'hook.outcome-unknown') return null;
  const open = findStep(state, stepId)?.runs.find((r) => !r.finished);
  const runner = open ? runnerOf(session, open) : undefined;
  if (!open || !runner || runner.host !== hostname() || runner.pid === process.pid || !isAlive(runner.pid)) return null;
  return { ...refusal, rule: 'hook.running', data: { hook: open.hook, run: open.run, by: open.startedBy, at: open.startedAt, pid: runner.pid } };
}

async function finishRun(
  session: Session,
  incidentId: string,
  stepId: string,
  begin: { resolved: ResolvedHook; run: string; role: string | null; undoOf?: string },
  opts: FireOptions,
): Promise<FireResult> {
  const hooks = await loadHooks();
  const { resolved, run, role, undoOf } = begin;
  let result: HookResult;
  try {
    const outcome = await hooks.runHook(resolved, {
      redact: session.project.config.redact ?? [],
      onOutput: opts.onOutput,
      handleSignals: true,
      onSpawn: (pid) => opts.onStarted?.(run, pid),
    });
    if (outcome.simulated) throw new Error('a started hook was simulated');
    const { simulated: _s, ...rest } = outcome;
    result = rest;
  } catch (err) {
    // hook.started is committed: whatever went wrong is recorded, never left as a silent gap.
    const message = hooks.redactSecrets(`aiops could not run the hook: ${(err as Error).message}`, session.project.config.redact ?? [], resolved.secretValues);
    result = { ok: false, exitCode: null, signal: null, timedOut: false, durationMs: 0, stdout: '', stderr: '', stdoutCut: 0, stderrCut: 0, error: message };
  }
  let state: IncidentState;
  try {
    state = session.store.transaction((tx) => {
      const live = liveIncidentFor(session, incidentId);
      const now = nowIso(session);
      commitLiveIncident(
        live,
        tx.append([
          { type: 'hook.finished', incidentId, ts: now, actor: session.actor, role, payload: { run, hook: resolved.name, step: stepId, ...result, ...(undoOf ? { undoOf } : {}) } } as NewEvent,
        ]),
      );
      if (result.ok && !isHookStepId(stepId)) commitLiveIncident(live, tx.append(completeStep(session, live.state, stepId, now)));
      return live.state;
    });
  } catch (err) {
    forgetLiveIncident(session, incidentId);
    throw new OperationFailed(`hook ${resolved.name} (${run}) ${result.ok ? 'succeeded' : 'failed'} but its outcome could not be written to the evidence log`, {
      hint: `record it by hand: aiops hook record ${incidentId} ${run} ${result.ok ? '--ok' : '--failed'} --note ..`,
      cause: err,
    });
  }
  return { state, run: state.runs.find((r) => r.run === run)!, simulated: false, ok: result.ok };
}

function completeStep(session: Session, state: IncidentState, stepId: string, now: string): NewEvent[] {
  const d = decide(state, { kind: 'step', step: stepId, action: 'done', fromHook: true }, { actor: session.actor, now, config: session.project.config, roster: session.project.roster });
  return d.ok ? d.events : [];
}
