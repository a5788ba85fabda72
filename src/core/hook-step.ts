import type { StepState } from './incident-state.js';
import type { ConfigFile } from './schemas/config.js';

/**
 * A hook fired outside the playbook (`aiops hook run`, `aiops hook undo`) is held by a pseudo-step
 * `hook:NAME`: it takes approvals like a step, one round per request, and is never on the path.
 */
export const HOOK_STEP_PREFIX = 'hook:';

/**
 * A hook a severity policy lists is its own pseudo-step `policy:ID:hook:NAME` (ids and hook names have
 * no colon), so two policies that list one hook keep their own params, approvals and hold. Incidents
 * opened before pinned `hook:NAME` for them, and fold as they did.
 */
const HOOK_STEP = /^(?:policy:([^:]+):)?hook:(.+)$/;

/** A pseudo-step id read: the hook it runs, and the severity policy whose own it is (if it is). */
function parseHookStepId(id: string): { hook: string; policy: string | undefined } | null {
  const m = HOOK_STEP.exec(id);
  return m ? { hook: m[2]!, policy: m[1] } : null;
}

/** A pseudo-step (`hook:NAME`, or a severity policy's `policy:ID:hook:NAME`), not a playbook step. */
export function isHookStepId(id: string | null | undefined): boolean {
  return typeof id === 'string' && HOOK_STEP.test(id);
}

export function hookStepId(hook: string): string {
  return `${HOOK_STEP_PREFIX}${hook}`;
}

/** The pseudo-step of a hook that severity policy `policy` lists. */
export function policyHookStepId(policy: string, hook: string): string {
  return `policy:${policy}:${HOOK_STEP_PREFIX}${hook}`;
}

/** A severity policy's own pseudo-step (`policy:ID:hook:NAME`), which `aiops hook run NAME` never reuses. */
export function isPolicyHookStepId(id: string): boolean {
  return parseHookStepId(id)?.policy !== undefined;
}

/** The hook a pseudo-step id names (`hook:NAME`, `policy:ID:hook:NAME`); null for a playbook step id. */
export function hookOfStepId(id: string): string | null {
  return parseHookStepId(id)?.hook ?? null;
}

/** Literal params as the text a hook is given (a playbook's or a script's `params:` may hold numbers and booleans). */
export function paramTexts(params: Readonly<Record<string, unknown>>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]));
}

/**
 * The runs of a step's own hook: on a step, those that are not undos; on a pseudo-step every run,
 * since an undo fired as `hook:NAME` is that pseudo-step's own hook (its runs all carry undoOf).
 */
export function ownRuns(st: StepState): StepState['runs'] {
  return isHookStepId(st.id) ? st.runs : st.runs.filter((r) => !r.undoOf);
}

/**
 * What an undo of this step's hook would undo: its last successful own run (not an undo), and the
 * successful undo that already undid it, if any. No run: nothing has succeeded to undo.
 */
export function undoTarget(state: { runs: readonly StepState['runs'][number][] }, st: StepState): { run?: StepState['runs'][number]; undoneBy?: StepState['runs'][number] } {
  const run = st.runs.filter((r) => !r.undoOf && r.finished?.ok).at(-1);
  if (!run) return {};
  const undoneBy = state.runs.find((r) => r.undoOf === run.run && r.finished?.ok);
  return undoneBy ? { run, undoneBy } : { run };
}

/** Roles a hook run outside a step needs: the hook's `approve:` floor, else the commander. */
export function hookStepNeeds(config: ConfigFile, hook: string): string[] {
  const floor = config.hooks?.[hook]?.approve ?? [];
  return floor.length ? [...floor] : ['commander'];
}

/** A pseudo-step with a fresh approval round: `existing` (unchanged) with the round reset, or a new one on first use. */
export function openHookStepRound(
  existing: StepState | undefined,
  req: { step: string; hook: string | null; roles: string[]; params?: Record<string, string>; undoOf?: string },
  ts: string,
): StepState {
  const parsed = parseHookStepId(req.step);
  const hook = req.hook ?? parsed?.hook ?? req.step;
  const policy = parsed?.policy;
  const title = policy ? `Run hook ${hook} for severity policy ${policy}` : `Run hook ${hook} outside the playbook`;
  const base: StepState = existing ?? {
    id: req.step,
    kind: 'action',
    owner: 'commander',
    title,
    spec: { id: req.step, kind: 'action', owner: 'commander', title, hook },
    status: 'pending',
    dueAt: null,
    overdueLogged: false,
    needs: [],
    approvals: [],
    requestedAt: null,
    denied: null,
    runs: [],
  };
  return {
    ...base,
    spec: { ...base.spec, kind: 'action', hook, params: { ...(req.params ?? {}) } } as StepState['spec'],
    needs: [...(req.roles ?? [])],
    status: 'pending',
    approvals: [],
    denied: null,
    requestedAt: ts,
    doneAt: undefined,
    doneBy: undefined,
    undoOf: req.undoOf,
  };
}
