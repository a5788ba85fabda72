import type { Clock } from '../core/clock.js';

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

/**
 * The fastest a drill clock may run: an hour of drill time per real second. Faster, a whole
 * scenario passes between two keystrokes, so the drill ends (and is listed as played) before anyone
 * acted, and what was logged meanwhile is stamped far ahead of the real time.
 */
export const MAX_DRILL_SPEED = 3600;

/** What is wrong with a --speed value, or null when it will do. The one check every drill start uses. */
export function drillSpeedProblem(speed: number): string | null {
  if (!(speed > 0) || !Number.isFinite(speed)) return 'wants a positive number (e.g. 10)';
  if (speed > MAX_DRILL_SPEED) return `is at most ${MAX_DRILL_SPEED} (an hour of drill time per real second)`;
  return null;
}

/** Clocks made by drillClock remember the real clock they read, so drill time is never sped up twice. */
export type DrillClock = Clock & { readonly real: Clock };

/** A clock that reads drill time off a real clock; everything a drill logs is stamped with it. */
export function drillClock(timing: DrillTiming, real: Clock): DrillClock {
  const base = realClockOf(real);
  return { now: () => drillTimeAt(timing, base.now()), real: base };
}

/** The real clock under a clock (itself when it is not a drill clock). */
export function realClockOf(clock: Clock): Clock {
  const real = (clock as Partial<DrillClock>).real;
  return real ?? clock;
}

/** Real milliseconds until a drill offset is reached, given the drill time already elapsed (0 for --auto; never while paused). */
export function realMsUntil(timing: DrillTiming, offsetMs: number, elapsedDrillMs: number): number {
  if (timing.auto) return 0;
  const speed = timing.speed && timing.speed > 0 ? timing.speed : 1;
  return Math.max(0, (offsetMs - elapsedDrillMs) / speed);
}

/** Is the drill paused now? */
export function isPaused(timing: DrillTiming): boolean {
  return (timing.pauses ?? []).some((p) => p.to === null);
}
