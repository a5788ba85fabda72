import type { IncidentState } from './incident-state.js';

/** A stretch of real time the facilitator paused the drill for; `to` is null while it lasts. */
export interface DrillPause {
  from: string;
  to: string | null;
}

export interface DrillTiming {
  /** When the drill incident was opened (drill time and real time agree at that instant). */
  openedAt: string;
  /** How many drill seconds pass per real second (1 when absent). */
  speed?: number;
  /** An --auto run: the clock it was given is already the drill clock. */
  auto?: boolean;
  /** Real stretches during which the drill clock stood still (in order). */
  pauses?: readonly DrillPause[];
  /** When the drill ended (drill time): its clock stops there. */
  endedAt?: string;
}

/** The drill clock an incident records (start, speed, pauses, end), or null for a real incident. */
export function drillTimingOf(state: IncidentState): DrillTiming | null {
  if (!state.drill) return null;
  return {
    openedAt: state.openedAt,
    speed: state.drill.speed,
    auto: state.drill.auto,
    pauses: state.drill.pauses ?? [],
    ...(state.drillEnded ? { endedAt: state.drillEnded.ts } : {}),
  };
}

/** Real milliseconds of pause between the drill's start and `realMs`. */
function pausedMsUntil(timing: DrillTiming, realMs: number): number {
  let total = 0;
  for (const p of timing.pauses ?? []) {
    const from = Date.parse(p.from);
    const to = p.to === null ? realMs : Math.min(Date.parse(p.to), realMs);
    if (to > from) total += to - from;
  }
  return total;
}

/**
 * Drill time for a real instant: the drill started at the real instant it was opened and runs
 * `speed` times faster, standing still while paused and for good once it ended. Every
 * participant derives it from the same record, so who acts from where does not change a stamp.
 */
export function drillTimeAt(timing: DrillTiming, real: Date): Date {
  const t = runningDrillTimeAt(timing, real);
  // An ended drill's clock stands at its end: nothing after it is stamped in the drill's future.
  const end = timing.endedAt === undefined ? NaN : Date.parse(timing.endedAt);
  return end < t.getTime() ? new Date(end) : t;
}

function runningDrillTimeAt(timing: DrillTiming, real: Date): Date {
  const speed = timing.speed && timing.speed > 0 ? timing.speed : 1;
  if (timing.auto) return real;
  const start = Date.parse(timing.openedAt);
  const running = real.getTime() - start - pausedMsUntil(timing, real.getTime());
  if (speed === 1 && !timing.pauses?.length) return real;
  return new Date(start + Math.max(0, running) * speed);
}
