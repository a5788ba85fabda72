import type { Clock } from '../core/clock.js';

export interface DrillTiming {
  /** When the drill incident was opened (drill time and real time agree at that instant). */
  openedAt: string;
  /** How many drill seconds pass per real second (1 when absent). */
  speed?: number;
  /** An --auto run: the clock it was given is already the drill clock. */
  auto?: boolean;
}

/** Drill time for a real instant: the drill started at the real now and runs `speed` times faster. */
export function drillTimeAt(timing: DrillTiming, real: Date): Date {
  const speed = timing.speed && timing.speed > 0 ? timing.speed : 1;
  if (timing.auto || speed === 1) return real;
  const start = Date.parse(timing.openedAt);
  return new Date(start + (real.getTime() - start) * speed);
}

/** A clock that reads drill time off a real clock; everything a drill logs is stamped with it. */
export function drillClock(timing: DrillTiming, real: Clock): Clock {
  return { now: () => drillTimeAt(timing, real.now()) };
}

/** Real milliseconds until a drill offset is reached, given the drill time already elapsed (0 for --auto). */
export function realMsUntil(timing: DrillTiming, offsetMs: number, elapsedDrillMs: number): number {
  if (timing.auto) return 0;
  const speed = timing.speed && timing.speed > 0 ? timing.speed : 1;
  return Math.max(0, (offsetMs - elapsedDrillMs) / speed);
}
