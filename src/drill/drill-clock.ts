import type { Clock } from '../core/clock.js';

// The arithmetic itself is pure domain (the engine reads drill time in its refusals): it lives in core.
import { type DrillTiming, drillTimeAt } from '../core/drill-time.js';

export { type DrillPause, type DrillTiming, drillTimeAt } from '../core/drill-time.js';

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
