import { hostname } from 'node:os';
import { rolesOf } from '../core/authority.js';
import { OperationFailed, UserError } from '../core/errors.js';
import { decide, findStep, nextRunId, type Refused, stepHook } from '../core/decide.js';
import { isHookStepId } from '../core/hook-step.js';
import type { HookRun, IncidentState, StepState } from '../core/incident-state.js';
import { missingVariables, renderComplete } from '../core/template.js';
import { incidentTemplateValues } from '../core/template-names.js';
import { incidentZone, minuteInZone } from '../core/time-zone.js';
import type { ResolvedHook } from '../hooks/resolve-hook.js';
import type { HookResult } from '../hooks/run-hook.js';
import { decideContext, failureVerdict, runCommand, type Verdict, verdictOf } from './pipeline.js';
import { nowIso, type Session } from './session.js';
import { inventoryTemplateValues } from '../core/inventory.js';
import { messageTemplateOf, paramsOf } from '../core/step-kinds/index.js';

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
  /** A notify step's message as the person edited it (default: its rendered template). */
  message?: string;
  /** Fired by this severity policy (the app's policy runner only). */
  policy?: string;
}

/**
 * Template values a hook sees, also exported to it as AIOPS_* variables. A notify step's hook
 * also gets `{{message}}`: the text as edited, else the step's rendered template.
 */
export function hookValues(state: IncidentState, step: StepState | null, actor: string, now: string, message?: string, zone?: string) {
  const incident = incidentTemplateValues(state);
  const base = { incident, actor, now, context: state.context, step: { id: step?.id ?? '' }, inventory: inventoryTemplateValues(state.inventory) };
  const raw = step ? paramsOf(step.spec) : {};
  const params: Record<string, string> = {};
  // Playbook params are templates; params typed by a responder (hook run / undo) are literal values.
  const literal = step ? isHookStepId(step.id) : false;
  // A param whose template has no value here is left out, so a hook using it refuses to run and a
  // message reading it is not sent, rather than either carrying a blank.
  for (const [k, v] of Object.entries(raw)) {
    const text = typeof v === 'string' && !literal ? renderComplete(v, base) : String(v);
    if (text !== null) params[k] = text;
  }
  const template = step ? messageTemplateOf(step.spec) : null;
  // Words for people: `{{now}}` is the time in the incident's zone, not the log's ISO instant.
  const text = template !== null ? (message ?? renderComplete(template, { ...base, now: minuteInZone(now, zone ?? 'UTC'), params }) ?? undefined) : undefined;
  return { ...base, params, ...(text !== undefined ? { message: text } : {}) };
}

/**
 * Why a notify step's message cannot be sent as rendered (a variable with no value on this incident,
 * such as a `{{context.KEY}}` never given), or null: the step is refused rather than send a blank.
 */
export function unsentMessage(step: StepState, values: ReturnType<typeof hookValues>): string | null {
  const template = messageTemplateOf(step.spec);
  if (template === null || values.message !== undefined) return null;
  const names = missingVariables(template, values).map((n) => `{{${n}}}`);
  return `step ${step.id}'s message names ${names.join(', ')}, which this incident has no value for; nothing was sent`;
}

/** What to do about an unsent message (unsentMessage), wherever the step is worked. */
export const UNSENT_MESSAGE_HINT = 'give the value (aiops incident edit, --context KEY=VALUE), or the text itself with --text';

/** The zone a session's messages are written in: aiops.yaml `tz:`, else `$TZ`, else UTC. */
export function messageZone(session: Pick<Session, 'project'>, env: NodeJS.ProcessEnv = process.env): string {
  return incidentZone(session.project.config.tz, env.TZ);
}

async function loadHooks() {
  const [resolve, run, tree] = await Promise.all([
    import('../hooks/resolve-hook.js'),
    import('../hooks/run-hook.js'),
    import('../hooks/process-tree.js'),
  ]);
  return { resolveHook: resolve.resolveHook, notRunnable: resolve.notRunnable, runHook: run.runHook, mustSimulate: run.mustSimulate, redactFully: (await import('../hooks/redact-preset.js')).redactFully, isAlive: tree.isAlive };
}

/** Resolves a step's hook for the incident as it is now (no I/O beyond reading the environment). */
export async function resolveStepHook(session: Session, state: IncidentState, step: StepState, env: NodeJS.ProcessEnv = process.env): Promise<ResolvedHook> {
  const hooks = await loadHooks();
  const hookName = stepHook(step);
  const spec = hookName ? session.project.config.hooks?.[hookName] : undefined;
  if (!hookName || !spec) throw new UserError(`hook "${hookName}" is not defined in aiops.yaml`);
  return hooks.resolveHook(hookName, spec, hookValues(state, step, session.actor, nowIso(session), undefined, messageZone(session, env)), { root: session.project.root, parentEnv: env, drill: Boolean(state.drill) });
}

/** Who ran a hook (pid and host), from its hook.started event, read by seq through the incident index. */
async function runnerOf(session: Session, incidentId: string, run: HookRun): Promise<{ pid: number; host: string } | undefined> {
  const [started] = await session.log.readIncident(incidentId, { afterSeq: run.seq - 1, limit: 1 });
  return started?.type === 'hook.started' && started.payload.run === run.run ? started.payload.runner : undefined;
}

type Begun =
  | { kind: 'simulated'; run: string }
  | { kind: 'run'; resolved: ResolvedHook; run: string; message?: string };

/**
 * Fires a step's (or pseudo-step's) hook under its approvals. The decision, the run id and
 * hook.started (or hook.simulated in a drill) are committed through the pipeline before anything
 * runs, so two terminals racing are serialised: the second is refused. After the run,
 * hook.finished and, on success, the step's completion are committed.
 */
export async function fireStepHook(session: Session, incidentId: string, stepId: string, opts: FireOptions = {}): Promise<FireResult> {
  const hooks = await loadHooks();
  const begun = await runCommand(session, incidentId, async (state, on): Promise<Verdict<Begun>> => {
    const now = nowIso(on);
    const ctx = decideContext(session, now);
    // Refusals come first, before whether the hook is defined or runnable.
    const check = decide(state, { kind: 'fire', step: stepId, retry: opts.retry, ...(opts.policy ? { policy: opts.policy } : {}) }, ctx);
    if (!check.ok) {
      const failure = check.kind === 'refused' ? ((await runningElsewhere(session, state, stepId, check, hooks.isAlive)) ?? check) : check;
      return failureVerdict(state, ctx, failure);
    }
    const step = findStep(state, stepId)!;
    const hookName = stepHook(step)!;
    const spec = session.project.config.hooks?.[hookName];
    if (!spec) return { kind: 'invalid', message: `hook "${hookName}" is not defined in aiops.yaml` };
    const values = hookValues(state, step, session.actor, now, opts.message, messageZone(session));
    const unsent = unsentMessage(step, values);
    if (unsent) return { kind: 'invalid', message: unsent, hint: UNSENT_MESSAGE_HINT };
    const resolved = hooks.resolveHook(hookName, spec, values, { root: session.project.root, parentEnv: process.env, drill: Boolean(state.drill) });
    const refusal = hooks.notRunnable(resolved);
    if (refusal) return { kind: 'invalid', message: `${refusal}; nothing ran`, hint: `aiops hook test ${hookName} --incident ${incidentId} shows what it would run` };
    const simulated = hooks.mustSimulate(resolved);
    const d = decide(state, {
      kind: 'hook-begin',
      step: stepId,
      argv: resolved.argv,
      command: resolved.command,
      env: Object.keys(resolved.env),
      cwd: resolved.cwd,
      simulated,
      retry: Boolean(opts.retry),
      ...(opts.policy ? { policy: opts.policy } : {}),
      ...(simulated ? {} : { runner: { pid: process.pid, host: hostname() } }),
      ...(values.message !== undefined ? { text: values.message } : {}),
    }, ctx);
    if (!d.ok) return failureVerdict(state, ctx, d);
    const run = nextRunId(state);
    return { kind: 'append', events: d.events, warnings: d.warnings, role: d.role, value: simulated ? { kind: 'simulated', run } : { kind: 'run', resolved, run, message: values.message } };
  });
  const b = begun.value;
  if (b.kind === 'simulated') {
    const run = begun.state.runs.find((r) => r.run === b.run)!;
    // A failure the drill's scenario scripted is presented as a failed run, for the team to work.
    const failed = run.finished?.ok === false;
    return { state: begun.state, run, simulated: !failed, ok: !failed };
  }
  return finishRun(session, incidentId, b, opts);
}

/**
 * A run without an outcome whose aiops process is still alive on this host is in progress, not
 * unknown: say so instead of asking the responder to record it.
 */
async function runningElsewhere(session: Session, state: IncidentState, stepId: string, refusal: Refused, isAlive: (pid: number) => boolean): Promise<Refused | null> {
  if (refusal.rule !== 'hook.outcome-unknown') return null;
  const open = findStep(state, stepId)?.runs.find((r) => !r.finished);
  const pid = open ? await alivePid(session, state.id, open, isAlive) : null;
  if (!open || pid === null) return null;
  return { ...refusal, rule: 'hook.running', data: { hook: open.hook, run: open.run, by: open.startedBy, at: open.startedAt, pid } };
}

/** The pid of the aiops process running `run`, when it is another process on this host and still alive. */
async function alivePid(session: Session, incidentId: string, run: HookRun, isAlive: (pid: number) => boolean): Promise<number | null> {
  const runner = await runnerOf(session, incidentId, run);
  if (!runner || runner.host !== hostname() || runner.pid === process.pid || !isAlive(runner.pid)) return null;
  return runner.pid;
}

/** The runs without an outcome whose aiops process is alive on this host: run id → its pid (in progress, not unknown). */
export async function runsInProgress(session: Session, state: IncidentState): Promise<Map<string, number>> {
  const open = state.runs.filter((r) => !r.finished);
  const found = new Map<string, number>();
  if (open.length === 0) return found;
  const { isAlive } = await loadHooks();
  for (const run of open) {
    const pid = await alivePid(session, state.id, run, isAlive);
    if (pid !== null) found.set(run.run, pid);
  }
  return found;
}

/**
 * Refuses recording the outcome of a run whose aiops process is still alive: it will report the
 * outcome itself, and a recorded failure would let a retry start beside it.
 */
export async function refuseWhileRunning(session: Session, state: IncidentState, runId: string, command: string): Promise<Refused | null> {
  const run = state.runs.find((r) => r.run === runId && !r.finished);
  const pid = run ? await alivePid(session, state.id, run, (await loadHooks()).isAlive) : null;
  if (!run || pid === null) return null;
  const role = rolesOf(state, session.actor)[0] ?? null;
  return { ok: false, kind: 'refused', rule: 'hook.running', command, args: { run: runId }, role, data: { hook: run.hook, run: run.run, by: run.startedBy, at: run.startedAt, pid } };
}

async function finishRun(session: Session, incidentId: string, begin: Extract<Begun, { kind: 'run' }>, opts: FireOptions): Promise<FireResult> {
  const hooks = await loadHooks();
  const { resolved, run } = begin;
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
    const message = await hooks
      .redactFully(`aiops could not run the hook: ${(err as Error).message}`, session.project.config.redact ?? [], resolved.secretValues)
      .catch(() => 'aiops could not run the hook (the reason could not be redacted)');
    result = { ok: false, exitCode: null, signal: null, timedOut: false, durationMs: 0, stdout: '', stderr: '', stdoutCut: 0, stderrCut: 0, error: message };
  }
  let state: IncidentState;
  try {
    ({ state } = await runCommand(session, incidentId, (current, on) => {
      const ctx = decideContext(on);
      return verdictOf(current, ctx, decide(current, { kind: 'hook-finish', run, outcome: result, ...(begin.message !== undefined ? { text: begin.message } : {}) }, ctx));
    }));
  } catch (err) {
    throw new OperationFailed(`hook ${resolved.name} (${run}) ${result.ok ? 'succeeded' : 'failed'} but its outcome could not be written to the evidence log`, {
      hint: `record it by hand: aiops hook record ${incidentId} ${run} ${result.ok ? '--ok' : '--failed'} --note ..`,
      cause: err,
    });
  }
  return { state, run: state.runs.find((r) => r.run === run)!, simulated: false, ok: result.ok };
}
