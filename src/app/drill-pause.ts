import type { Command } from '../core/decide.js';
import { realClockOf } from '../drill/drill-clock.js';
import { type Session } from './session.js';
import { act, type ActResult } from './act.js';

export interface PauseResult extends ActResult {
  /** The real instant the drill clock stopped (pause) or ran again (resume). */
  real: string;
  /** Drill time at that instant: where the clock stands. */
  drillTime: string;
}

/**
 * The facilitator stops (or restarts) the drill clock. The event records the real instant, read
 * off the real clock under any drill clock, so every participant derives the same drill time.
 */
async function setClock(session: Session, id: string, make: (real: string) => Command): Promise<PauseResult> {
  const at = realClockOf(session.clock).now();
  const real = at.toISOString();
  // The facilitator's act: a roster person's, as on a real incident. It is stamped at the drill time
  // of the very instant it records (the clock held there): read again while the command ran, a
  // fast drill clock put the stamp seconds past where the pause says the clock stopped.
  const held = { ...session, clock: { now: () => new Date(at) } };
  const out = await act(held, id, make(real), { rosterOnDrills: true });
  return { ...out, real, drillTime: out.events.at(-1)?.ts ?? out.state.lastTs };
}

/** Pauses a drill: from now until it is resumed, drill time stands still and is not scored. */
export function pauseDrill(session: Session, id: string, reason?: string): Promise<PauseResult> {
  return setClock(session, id, (real) => ({ kind: 'drill-pause', real, ...(reason ? { reason } : {}) }));
}

/** Resumes a paused drill: its clock runs again from now. */
export function resumeDrill(session: Session, id: string): Promise<PauseResult> {
  return setClock(session, id, (real) => ({ kind: 'drill-resume', real }));
}
