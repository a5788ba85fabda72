import type { EventOf } from '../events.js';
import { isHookStepId } from '../hook-step.js';
import type { IncidentDraft } from './draft.js';
import type { HookRun, IncidentState } from './state.js';

/** The position in `runs` of the first run with this id; -1 when there is none. */
export function runAt(s: IncidentState, id: string): number {
  const irregular = s.index.irregularRuns.get(id);
  if (irregular !== undefined) return irregular;
  // aiops names each run after its position (`run-${runs.length + 1}`), so no map is needed for
  // them: a map copied on every single evolve would cost as much as the scan it replaces.
  const n = /^run-([1-9]\d*)$/.exec(id) ? Number(id.slice(4)) - 1 : -1;
  return n >= 0 && s.runs[n]?.run === id ? n : -1;
}

/** A run begins (or is simulated, which also ends it): listed in the incident and in its step. */
export function startRun(d: IncidentDraft, e: EventOf<'hook.started'> | EventOf<'hook.simulated'>): void {
  const p = e.payload;
  const run: HookRun = {
    run: p.run,
    seq: e.seq,
    hook: p.hook,
    step: p.step,
    argv: p.argv,
    startedAt: e.ts,
    startedBy: e.actor,
    retry: 'retry' in p ? p.retry : false,
    simulated: e.type === 'hook.simulated',
    undoOf: p.undoOf,
  };
  if (e.type === 'hook.simulated') {
    run.finished = { ok: true, ts: e.ts, exitCode: null, signal: null, timedOut: false, durationMs: 0, stdout: '', stderr: '' };
  }
  const at = d.s.runs.length;
  if (p.run !== `run-${at + 1}` && runAt(d.s, p.run) < 0) d.index('irregularRuns').set(p.run, at);
  d.field('runs').push(run);
  const stepAt = d.stepAt(p.step);
  if (stepAt >= 0) {
    const step = d.editStep(stepAt);
    step.runs = d.list(step.runs);
    step.runs.push(run);
  }
}

/** A run's outcome: from hook.finished, or recorded by hand for a run nobody saw finish. */
export function finishRun(d: IncidentDraft, e: EventOf<'hook.finished'> | EventOf<'hook.outcome_recorded'>): void {
  const at = runAt(d.s, e.payload.run);
  if (at < 0) return;
  const before = d.s.runs[at]!;
  const recorded = e.type === 'hook.outcome_recorded';
  // A recorded outcome never overwrites one the hook itself reported.
  if (recorded && before.finished) return;
  // Runs are small and finish once: a new object each time, never changed in place.
  const run = { ...before };
  // A hook that reports after a person recorded its outcome is kept beside it: the record stands.
  const late = e.type === 'hook.finished' && before.finished?.recorded === true;
  if (e.type === 'hook.finished') {
    const p = e.payload;
    run[late ? 'late' : 'finished'] = {
      ok: p.ok,
      ts: e.ts,
      exitCode: p.exitCode,
      signal: p.signal,
      timedOut: p.timedOut,
      durationMs: p.durationMs,
      stdout: p.stdout,
      stderr: p.stderr,
      error: p.error,
    };
  } else {
    run.finished = { ok: e.payload.ok, ts: e.ts, exitCode: null, signal: null, timedOut: false, durationMs: 0, stdout: '', stderr: '', error: e.payload.note, recorded: true };
  }
  d.field('runs')[at] = run;
  const stepAt = d.stepAt(run.step);
  // Found by id and seq, not by identity (a state read back from a snapshot holds copies); a run finishes
  // soon after it starts, so look from the end.
  const inStep = stepAt >= 0 ? lastIndexOfRun(d.s.steps[stepAt]!.runs, before) : -1;
  if (inStep >= 0) {
    const step = d.editStep(stepAt);
    step.runs = d.list(step.runs);
    step.runs[inStep] = run;
  }
  if (run.finished!.ok && !late) completeHookStep(d, stepAt, recorded ? e.actor : run.startedBy, e.ts);
}

/** The same run in a step's list: by id and the seq it started at (a log may reuse an id). */
function lastIndexOfRun(runs: readonly { run: string; seq: number }[], run: { run: string; seq: number }): number {
  for (let i = runs.length - 1; i >= 0; i--) if (runs[i]!.run === run.run && runs[i]!.seq === run.seq) return i;
  return -1;
}

/** A pseudo-step's round ends when its hook succeeds: the next run needs a new request and approvals. */
function completeHookStep(d: IncidentDraft, at: number, by: string, ts: string): void {
  if (at < 0 || !isHookStepId(d.s.steps[at]!.id)) return;
  const step = d.editStep(at);
  step.status = 'done';
  step.doneAt = ts;
  step.doneBy = by;
  step.requestedAt = null;
}
