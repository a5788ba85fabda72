import type { HookOutcomeFields } from '../events.js';
import type { DrillFailure, Scenario } from '../schemas/scenario.js';
import type { ActiveFailure, IncidentState } from './state.js';

/** The failures a scenario puts in force from the drill's start (`fail:` at its top). */
export function failuresAtOpen(scenario: Scenario | undefined): ActiveFailure[] {
  const fail = scenario?.fail;
  const list = fail === undefined ? [] : Array.isArray(fail) ? fail : [fail];
  return list.map((f) => activeFrom(f, 0));
}

/** A failure in force from now: the hook's runs so far do not count against its `times`. */
export function failureFromNow(state: IncidentState, f: DrillFailure): ActiveFailure {
  return activeFrom(f, runsOf(state, f.hook));
}

/** The failure the next simulated run of `hook` meets, if the scenario makes it fail. */
export function failureFor(state: IncidentState, hook: string): ActiveFailure | null {
  const failures = state.drill?.failures;
  if (!failures?.length) return null;
  const runs = runsOf(state, hook);
  return failures.find((f) => f.hook === hook && runs - f.from < f.times) ?? null;
}

/** How a simulated run that fails ends: an exit code, or a timeout; nothing ran either way. */
export function failedOutcome(f: ActiveFailure): HookOutcomeFields {
  const how = f.timeout ? 'time out' : `fail with exit ${f.exit ?? 1}`;
  return {
    ok: false,
    exitCode: f.timeout ? null : (f.exit ?? 1),
    signal: f.timeout ? 'SIGTERM' : null,
    timedOut: Boolean(f.timeout),
    durationMs: 0,
    stdout: '',
    stderr: '',
    stdoutCut: 0,
    stderrCut: 0,
    error: `drill: the scenario makes ${f.hook} ${how}; nothing ran`,
  };
}

function activeFrom(f: DrillFailure, from: number): ActiveFailure {
  return { hook: f.hook, ...(f.exit !== undefined ? { exit: f.exit } : {}), ...(f.timeout ? { timeout: true } : {}), times: f.times ?? 1, from };
}

function runsOf(state: IncidentState, hook: string): number {
  let n = 0;
  for (const r of state.runs) if (r.hook === hook) n += 1;
  return n;
}
