import { UserError } from '../core/errors.js';
import { runAt } from '../core/incident/hook-runs.js';
import type { HookRun, IncidentState } from '../core/incident-state.js';
import { makeFullRedactor } from '../hooks/redact-preset.js';
import { loadIncident } from './live-incident.js';
import type { Session } from './session.js';

/** What one hook run printed, as stored in the log (redacted at capture and again here), and how it ended. */
export interface HookRunOutput {
  incident: string;
  run: string;
  hook: string;
  step: string | null;
  argv: string[];
  startedAt: string;
  startedBy: string;
  simulated: boolean;
  retry: boolean;
  undoOf: string | null;
  /** ok | failed | unknown (no outcome in the log yet: running, or cut off). */
  outcome: 'ok' | 'failed' | 'unknown';
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number | null;
  error: string | null;
  /** The outcome was recorded by hand (`hook record`), with this note. */
  recorded: { by: string; note: string } | null;
  stdout: string;
  stderr: string;
  /** Bytes cut from the middle when the run was captured (the first and last parts are kept). */
  stdoutCut: number;
  stderrCut: number;
}

const RUN_EVENTS = ['hook.finished', 'hook.outcome_recorded'] as const;

/** `run-3`, or just `3`, as a run id. */
export function runIdOf(text: string): string {
  const t = text.trim();
  return /^[1-9]\d*$/.test(t) ? `run-${t}` : t;
}

/** The run with this id, or a UserError that lists the incident's runs. */
export function findRun(state: IncidentState, runText: string): HookRun {
  const at = runAt(state, runIdOf(runText));
  const run = at >= 0 ? state.runs[at] : undefined;
  if (run) return run;
  const known = state.runs.map((r) => `${r.run} (${r.hook})`);
  throw new UserError(`${state.id} has no hook run ${runText}`, {
    hint: known.length ? `its runs: ${known.join(', ')}` : `no hook has run in ${state.id} yet`,
  });
}

/**
 * The full captured output of one run: the stored stdout and stderr of its hook.finished (the log
 * keeps up to the capture limit, cut in the middle), passed once more through the
 * full redactor (secretlint's preset, the supplement, aiops.yaml's `redact:` patterns), so patterns
 * added after the run apply too.
 */
export async function readHookOutput(session: Session, incidentId: string, runText: string): Promise<HookRunOutput> {
  const state = await loadIncident(session, incidentId);
  const run = findRun(state, runText);
  const events = await session.log.readIncident(state.id, { afterSeq: run.seq, types: RUN_EVENTS });
  const finished = events.find((e) => e.type === 'hook.finished' && e.payload.run === run.run);
  const recordedEvent = events.find((e) => e.type === 'hook.outcome_recorded' && e.payload.run === run.run);
  const redact = makeFullRedactor(session.project.config.redact ?? []);
  const f = finished?.type === 'hook.finished' ? finished.payload : null;
  const outcome = run.finished ? (run.finished.ok ? 'ok' : 'failed') : 'unknown';
  return {
    incident: state.id,
    run: run.run,
    hook: run.hook,
    step: run.step,
    argv: await Promise.all(run.argv.map((a) => redact(a))),
    startedAt: run.startedAt,
    startedBy: run.startedBy,
    simulated: run.simulated,
    retry: run.retry,
    undoOf: run.undoOf ?? null,
    outcome,
    exitCode: f?.exitCode ?? null,
    signal: f?.signal ?? null,
    timedOut: f?.timedOut ?? false,
    durationMs: f?.durationMs ?? null,
    error: f?.error !== undefined ? await redact(f.error) : null,
    recorded: recordedEvent?.type === 'hook.outcome_recorded' ? { by: recordedEvent.actor, note: await redact(recordedEvent.payload.note) } : null,
    stdout: await redact(f?.stdout ?? ''),
    stderr: await redact(f?.stderr ?? ''),
    stdoutCut: f?.stdoutCut ?? 0,
    stderrCut: f?.stderrCut ?? 0,
  };
}

/**
 * The output as lines to read on a terminal (before sanitising): a heading, stdout, stderr, and
 * what was cut. `at` shows the start (the CLI passes its display zone; ISO UTC by default).
 */
export function hookOutputLines(o: HookRunOutput, at: (iso: string) => string = (iso) => iso): string[] {
  const how = o.simulated
    ? 'simulated (drill): nothing ran'
    : o.outcome === 'unknown'
      ? 'outcome unknown (still running, or cut off)'
      : `${o.outcome}${o.exitCode !== null ? `, exit ${o.exitCode}` : ''}${o.signal ? `, ${o.signal}` : ''}${o.timedOut ? ', timed out' : ''}${o.durationMs !== null ? ` in ${o.durationMs} ms` : ''}`;
  const out = [
    `${o.run} ${o.hook}${o.step ? ` (step ${o.step})` : ''}${o.undoOf ? `, undo of ${o.undoOf}` : ''}${o.retry ? ', retry' : ''}: ${how}`,
    `started ${at(o.startedAt)} by ${o.startedBy}: ${JSON.stringify(o.argv)}`,
  ];
  if (o.error) out.push(`error: ${o.error}`);
  if (o.recorded) out.push(`recorded by hand by ${o.recorded.by}: ${o.recorded.note}`);
  const stream = (name: string, text: string, cut: number) => {
    out.push(`--- ${name}${text ? '' : ' (empty)'}${cut ? ` (${cut} bytes cut from the middle when captured)` : ''}`);
    if (text) out.push(...text.replace(/\n$/, '').split('\n'));
  };
  stream('stdout', o.stdout, o.stdoutCut);
  stream('stderr', o.stderr, o.stderrCut);
  return out;
}
