/** Time is injected everywhere: production uses the system clock, drills and tests their own. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  private ms: number;
  constructor(start: Date | string | number) {
    this.ms = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
  set(to: Date | string | number): void {
    this.ms = new Date(to).getTime();
  }
}

/** Reads AIOPS_NOW (ISO time) for reproducible runs of the binary in tests; else the system clock. */
export function clockFromEnv(env: NodeJS.ProcessEnv): Clock {
  const fixed = env.AIOPS_NOW;
  if (!fixed) return systemClock;
  const start = Date.parse(fixed);
  if (Number.isNaN(start)) return systemClock;
  // Advance with real time from the fixed start so ordering of separate invocations holds.
  const offset = Date.now() - start;
  return { now: () => new Date(Date.now() - offset) };
}
