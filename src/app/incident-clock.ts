import type { Clock } from '../core/clock.js';
import type { IncidentState } from '../core/incident-state.js';
import { drillTimingOf } from '../core/drill-time.js';
import { drillTimeAt, realClockOf } from '../drill/drill-clock.js';

export { drillTimingOf } from '../core/drill-time.js';

/** The incident's time for a real instant: drill time on a drill, the instant itself otherwise. */
export function incidentTimeAt(state: IncidentState, real: Date): Date {
  const timing = drillTimingOf(state);
  return timing ? drillTimeAt(timing, real) : real;
}

/**
 * The clock every command on this incident is stamped with: drill time derived from the
 * incident's own record when it is a drill (whoever acts, from whichever process, whatever clock
 * their session runs on), never earlier than what the incident already logged.
 */
export function incidentClock(state: IncidentState, clock: Clock): Clock {
  const real = realClockOf(clock);
  const floor = Date.parse(state.lastTs);
  return { now: () => new Date(Math.max(incidentTimeAt(state, real.now()).getTime(), floor)) };
}

/**
 * A screen's clock: the incident's own time as last read (on a drill, the drill clock with its
 * pauses and end, the clock `drill status` reads), whatever clock the session was opened with.
 */
export function liveIncidentClock(clock: Clock, current: () => IncidentState): Clock {
  const real = realClockOf(clock);
  return { now: () => incidentTimeAt(current(), real.now()) };
}
