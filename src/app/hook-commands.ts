import { PolicyRefusal, UserError } from '../core/errors.js';
import type { NewEvent, StoredEvent } from '../core/events.js';
import { actingRole } from '../core/authority.js';
import { decide, findStep, foldAhead, missingApprovals, stepHook } from '../core/decide.js';
import { hookStepId, hookStepNeeds, isHookStepId, undoTarget } from '../core/hook-step.js';
import type { IncidentState, StepState } from '../core/incident-state.js';
import { resolveRunRef } from '../core/incident/run-ref.js';
import type { HookSpec } from '../core/schemas/config.js';
import type { ResolvedHook } from '../hooks/resolve-hook.js';
import { type FireOptions, type FireResult, fireStepHook, hookValues, refuseWhileRunning } from './fire-hook.js';
import type { Project } from './project.js';
import { liveIncidentFor } from './live-incident.js';
import { decideContext, failureVerdict, runCommand, verdictOf } from './pipeline.js';
import { nowIso, type Session } from './session.js';
import { act } from './act.js';
import { shownInstant } from './present-failure.js';
import { hookOf, paramsOf } from '../core/step-kinds/index.js';
import { hookParamPhrases, HookParamsRefused, unusedParamNote } from './hook-params.js';

export interface HookUse {
  playbook: string;
  version: string;
  step: string;
  kind: string;
}

export interface HookListing {
  name: string;
  description: string | null;
  command: string[];
  timeout: string;
  env: string[];
  /** The floor a playbook step may add to; `hook run` needs it, or the commander when empty. */
  approve: string[];
  runNeeds: string[];
  drill: 'simulate' | 'run';
  undo: string | null;
  undoOf: string[];
  usedBy: HookUse[];
  problems: string[];
  /** Unsafe as written but runnable (a value pasted into a shell's script): said, never failing the list. */
  warnings: string[];
}

function hookSpec(project: Project, name: string): HookSpec {
  const spec = project.config.hooks?.[name];
  if (!spec) {
    const known = Object.keys(project.config.hooks ?? {});
    throw new UserError(`hook "${name}" is not defined in ${project.configFile ?? 'aiops.yaml'}`, { hint: known.length ? `hooks: ${known.join(', ')}` : 'add a hooks: section to aiops.yaml' });
  }
  return spec;
}

/** Every hook in aiops.yaml with where it is used (playbook@version step), its undo pairing and drill mode. */
export async function listHooks(project: Project): Promise<HookListing[]> {
  const { checkCwd, checkProgram } = await import('../hooks/check-program.js');
  const { hookCwd, programPath } = await import('../hooks/resolve-hook.js');
  const { shellTemplateWarnings } = await import('./hook-warnings.js');
  const hooks = project.config.hooks ?? {};
  return Object.entries(hooks)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, spec]) => {
      const usedBy: HookUse[] = [];
      for (const p of project.playbooks) {
        for (const s of p.playbook.steps) {
          if (hookOf(s) === name) usedBy.push({ playbook: p.playbook.id, version: p.playbook.version, step: s.id, kind: s.kind });
        }
      }
      const problems: string[] = [];
      if (spec.undo && !hooks[spec.undo]) problems.push(`undo names hook "${spec.undo}", which is not defined`);
      const program = spec.command[0]!;
      if (program.includes('{{')) problems.push('the program (command[0]) is a template; values may fill arguments only');
      else {
        const check = checkProgram(programPath(program, project.root), process.env.PATH);
        if (!check.ok) problems.push(check.problem);
      }
      const cwd = checkCwd(spec.cwd, hookCwd(spec, project.root));
      if (cwd) problems.push(cwd);
      return {
        name,
        description: spec.description ?? null,
        command: spec.command,
        timeout: spec.timeout ?? '60s',
        env: spec.env ?? [],
        approve: spec.approve ?? [],
        runNeeds: hookStepNeeds(project.config, name),
        drill: spec.drill ?? 'simulate',
        undo: spec.undo ?? null,
        undoOf: Object.entries(hooks).filter(([, s]) => s.undo === name).map(([n]) => n).sort(),
        usedBy,
        problems,
        warnings: shellTemplateWarnings(name, spec).map((w) => w.message),
      };
    });
}

export interface HookTestEnvVar {
  name: string;
  value: string | null;
  source: 'aiops' | 'allowlist' | 'base';
  hidden: boolean;
}

export interface HookTestReport {
  hook: string;
  argv: string[];
  env: HookTestEnvVar[];
  cwd: string;
  timeoutMs: number;
  drill: 'simulate' | 'run';
  approve: string[];
  undo: string | null;
  program: { path: string | null; ok: boolean; problem: string | null };
  /** Reasons it would not run: missing params, program not found or not executable, a templated program. */
  problems: string[];
  /** Worth knowing, not blocking: unset allowlisted variables, values left out of the environment. */
  notes: string[];
  /** Unsafe as written though it runs: a value pasted into the script a shell runs. */
  warnings: string[];
  /** Incident values are examples unless --incident named a real incident. */
  exampleIncident: boolean;
}

/** Example incident values for a dry run without --incident; shown as such. */
function exampleState(): Pick<IncidentState, 'id' | 'title' | 'service' | 'severity' | 'trigger' | 'status' | 'drill' | 'context'> {
  return { id: 'INC-0000-0000', title: 'example incident', service: 'example-service', severity: 'SEV2', trigger: null, status: 'open', drill: null, context: {} };
}

/**
 * What a hook would run, without running it: the exact argv and environment, and every reason it
 * could not run. Values of secret-looking allowlisted variables are hidden.
 */
export async function testHook(
  project: Project,
  name: string,
  opts: { params: Record<string, string>; state?: IncidentState; actor: string; now: string; env: NodeJS.ProcessEnv },
): Promise<HookTestReport> {
  const spec = hookSpec(project, name);
  const { resolveHook } = await import('../hooks/resolve-hook.js');
  const { checkCwd, checkProgram } = await import('../hooks/check-program.js');
  const { shellTemplateWarnings } = await import('./hook-warnings.js');
  const { SECRET_ENV_NAME } = await import('../hooks/redact.js');
  const state = (opts.state ?? exampleState()) as IncidentState;
  const base = hookValues(state, null, opts.actor, opts.now);
  const values = { ...base, params: { ...opts.params } };
  const resolved = resolveHook(name, spec, values, { root: project.root, parentEnv: opts.env, drill: Boolean(state.drill) });
  const problems = [...resolved.problems];
  problems.push(...hookParamPhrases(resolved.missing, '--param'));
  const program = resolved.problems.some((p) => p.includes('command[0]'))
    ? { path: null, ok: false, problem: 'the program is a template' }
    : (() => {
        const c = checkProgram(resolved.argv[0]!, resolved.env.PATH);
        return c.ok ? { path: c.path, ok: true, problem: null } : { path: c.path, ok: false, problem: c.problem };
      })();
  if (program.problem && program.problem !== 'the program is a template') problems.push(program.problem);
  const cwd = checkCwd(spec.cwd, resolved.cwd);
  if (cwd) problems.push(cwd);
  const notes: string[] = [];
  const allow = spec.env ?? [];
  for (const k of allow) if (opts.env[k] === undefined) notes.push(`${k} is in the env allowlist but not set in this environment`);
  for (const k of resolved.droppedEnv) notes.push(`${k} is left out of the environment: its value holds a NUL byte or is longer than 64 KiB (the argv copy is unaffected)`);
  const unused = unusedParamNote(spec, opts.params, '--param');
  if (unused) notes.push(unused);
  const env: HookTestEnvVar[] = Object.entries(resolved.env)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => {
      const source = k.startsWith('AIOPS_') && !allow.includes(k) ? 'aiops' : allow.includes(k) ? 'allowlist' : 'base';
      const hidden = source === 'allowlist' && SECRET_ENV_NAME.test(k);
      return { name: k, value: hidden ? null : v, source, hidden };
    });
  return {
    hook: name,
    argv: resolved.argv,
    env,
    cwd: resolved.cwd,
    timeoutMs: resolved.timeoutMs,
    drill: spec.drill ?? 'simulate',
    approve: hookStepNeeds(project.config, name),
    undo: spec.undo ?? null,
    program,
    problems,
    notes,
    warnings: shellTemplateWarnings(name, spec).map((w) => w.message),
    exampleIncident: !opts.state,
  };
}

function sameParams(a: Record<string, unknown> | undefined, b: Record<string, string>): boolean {
  const ka = Object.keys(a ?? {}).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && String(a![k]) === b[k]);
}

function openRound(st: StepState | undefined): boolean {
  return Boolean(st && st.status === 'pending' && st.requestedAt !== null && !st.denied);
}

export interface HookRunOutcome {
  step: string;
  requested: boolean;
  fire: FireResult;
}

/**
 * Fires a hook outside a step, as pseudo-step `hook:NAME` under the same approvals: the first call
 * asks for approval of these exact params (exit 3 until granted, nothing runs; with `checkParams`,
 * params that leave a template without a value are refused first,
 * exit 2, nothing written); once approved
 * (`aiops incident approve ID hook:NAME` runs it at once) a call with the same params fires it.
 */
export async function runHookOutsideStep(
  session: Session,
  id: string,
  hook: string,
  opts: FireOptions & { params?: Record<string, string>; undoOf?: string; approveAsActor?: boolean; checkParams?: boolean },
): Promise<HookRunOutcome> {
  hookSpec(session.project, hook);
  const stepId = hookStepId(hook);
  const state = (await liveIncidentFor(session, id)).state;
  const st = findStep(state, stepId);
  const keep = openRound(st) && st!.undoOf === opts.undoOf && (opts.params === undefined || sameParams(paramsOf(st!.spec), opts.params));
  let requested = false;
  if (!keep) {
    const params = opts.params ?? {};
    const preview = await previewPseudo(session, state, hook, params);
    // Params that cannot fill the command would ask for an approval no one could ever grant: refused first, nothing written.
    if (opts.checkParams && preview.missing.length > 0) throw new HookParamsRefused(preview.missing);
    await act(session, id, { kind: 'request', step: stepId, params, argv: preview.argv, undoOf: opts.undoOf });
    requested = true;
    // Asking for an undo is the asker's approval when they hold a role it needs: one command for
    // the commander, while a two-person undo still waits for the second person.
    if (opts.approveAsActor) await approveAsAsker(session, id, stepId, preview);
  }
  try {
    return { step: stepId, requested, fire: await fireStepHook(session, id, stepId, opts) };
  } catch (err) {
    if (err instanceof PolicyRefusal && err.rule === 'approval.missing') {
      throw new PolicyRefusal(err.rule, `${err.message}; approve it with: aiops incident approve ${id} ${stepId} (the last approval runs it)`);
    }
    throw err;
  }
}

async function approveAsAsker(session: Session, id: string, stepId: string, preview: ResolvedHook): Promise<void> {
  const state = (await liveIncidentFor(session, id)).state;
  const st = findStep(state, stepId);
  if (!st || st.approvals.some((a) => a.person === session.actor)) return;
  if (!actingRole(state, session.actor, missingApprovals(st))) return;
  const { notRunnable } = await import('../hooks/resolve-hook.js');
  const blocked = notRunnable(preview);
  await act(session, id, { kind: 'approve', step: stepId, argv: preview.argv, command: preview.command, ...(blocked ? { blocked } : {}), note: 'approved by asking for it' });
}

async function previewPseudo(session: Session, state: IncidentState, hook: string, params: Record<string, string>): Promise<ResolvedHook> {
  const { resolveHook } = await import('../hooks/resolve-hook.js');
  const values = { ...hookValues(state, null, session.actor, nowIso(session)), params };
  return resolveHook(hook, session.project.config.hooks![hook]!, values, { root: session.project.root, parentEnv: {}, drill: Boolean(state.drill) });
}

/** What a step's undo would run now: its undo hook with the params the step ran with, templates filled (for the confirmation). */
export async function undoArgv(session: Session, state: IncidentState, stepId: string): Promise<string[] | undefined> {
  const st = findStep(state, stepId);
  const hook = st ? stepHook(st) : null;
  const undo = hook ? session.project.config.hooks?.[hook]?.undo : undefined;
  if (!st || !undo || !session.project.config.hooks?.[undo]) return undefined;
  try {
    return (await previewPseudo(session, state, undo, hookValues(state, st, session.actor, nowIso(session)).params)).argv;
  } catch {
    return undefined;
  }
}

/**
 * Offers a step's undo: fires the undo hook of the step's last successful run under the same
 * approvals as the step (plus the undo hook's own floor), recording `undoOf` for the timeline.
 */
export async function undoStep(session: Session, id: string, stepId: string, opts: FireOptions = {}): Promise<HookRunOutcome & { undoOf: string }> {
  const state = (await liveIncidentFor(session, id)).state;
  const st = findStep(state, stepId);
  if (!st) throw new UserError(`no step "${stepId}" in ${id}`, { hint: `steps: ${state.steps.map((s) => s.id).join(', ')}` });
  const hook = stepHook(st);
  if (!hook) throw new UserError(`step ${st.id} has no hook, so nothing to undo`);
  const undo = session.project.config.hooks?.[hook]?.undo;
  if (!undo) throw new UserError(`hook ${hook} has no undo in aiops.yaml`, { hint: `add undo: <hook> to hooks.${hook}` });
  if (!session.project.config.hooks?.[undo]) throw new UserError(`hook ${hook} names undo "${undo}", which is not defined in aiops.yaml`);
  const { run: done, undoneBy: undone } = undoTarget(state, st);
  if (!done) throw new UserError(`step ${st.id}: hook ${hook} has no successful run to undo`);
  if (undone) throw new UserError(`${done.run} (${hook}) was already undone by ${undone.run} (${undone.hook}) at ${shownInstant(undone.finished!.ts)}`);
  // The undo runs with the params the step ran with, as literal values.
  const raw = hookValues(state, st, session.actor, nowIso(session)).params;
  const out = await runHookOutsideStep(session, id, undo, { ...opts, params: raw, undoOf: done.run, approveAsActor: true });
  return { ...out, undoOf: done.run };
}

/**
 * Records the outcome of a run whose hook.finished never came (aiops died mid-hook), after a
 * person checked. A recorded success completes the step, as a finished hook would.
 */
export async function recordHookOutcome(session: Session, id: string, runRef: string, opts: { ok: boolean; note: string }): Promise<{ state: IncidentState; events: StoredEvent[] }> {
  const { state, events } = await runCommand(session, id, async (current, on) => {
    const ctx = decideContext(on);
    // `hook record ID 6` means run-6, or the run step 6 is waiting on: the engine names the run it takes.
    const ref = resolveRunRef(current, runRef);
    const run = ref.ok ? ref.run : runRef;
    const d = decide(current, { kind: 'record-outcome', run, ok: opts.ok, note: opts.note }, ctx);
    if (!d.ok) return verdictOf(current, ctx, d);
    const running = await refuseWhileRunning(session, current, run, 'record-outcome');
    if (running) return failureVerdict(current, ctx, running);
    const after = foldAhead(current, d.events);
    const r = after.runs.find((x) => x.run === run)!;
    let more: NewEvent[] = [];
    if (opts.ok && r.step && !isHookStepId(r.step) && !r.undoOf && findStep(after, r.step)?.status === 'pending') {
      const c = decide(after, { kind: 'step', step: r.step, action: 'done', fromHook: true, note: opts.note }, ctx);
      if (c.ok) more = c.events;
    }
    return verdictOf(current, ctx, d, more);
  });
  return { state, events };
}

/** Parses repeated `--param k=v` flags; a value may hold anything, including `=` and a leading dash. */
export function parseParams(pairs: string[] | undefined): Record<string, string> | undefined {
  if (!pairs?.length) return undefined;
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const i = p.indexOf('=');
    if (i <= 0) throw new UserError(`--param wants KEY=VALUE, got ${JSON.stringify(p)}`);
    const key = p.slice(0, i);
    if (!/^[A-Za-z0-9_-]+$/.test(key)) throw new UserError(`--param key ${JSON.stringify(key)} may use only letters, digits, _ and -`);
    out[key] = p.slice(i + 1);
  }
  return out;
}

