import { UserError } from './errors.js';

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

/**
 * The fixed instant AIOPS_NOW names, for reproducible runs of the binary in tests and drills. It
 * back- or future-dates evidence and incident ids, so it is honoured only beside the explicit test
 * switch AIOPS_TEST_CLOCK=1; set without it, the command is refused rather than run on a forged time.
 */
export function fixedInstantFromEnv(env: NodeJS.ProcessEnv): Date | null {
  const fixed = env.AIOPS_NOW;
  if (!fixed) return null;
  if (env.AIOPS_TEST_CLOCK !== '1') {
    throw new UserError(`AIOPS_NOW is set (${JSON.stringify(fixed)}) but it is a test switch: aiops stamps evidence with the real time`, {
      hint: 'unset AIOPS_NOW; tests that mean it set AIOPS_TEST_CLOCK=1 beside it',
    });
  }
  const start = Date.parse(fixed);
  if (Number.isNaN(start)) throw new UserError(`AIOPS_NOW ${JSON.stringify(fixed)} is not an ISO time`);
  return new Date(start);
}

/** The clock AIOPS_NOW starts (see fixedInstantFromEnv); else the system clock. */
export function clockFromEnv(env: NodeJS.ProcessEnv): Clock {
  const fixed = fixedInstantFromEnv(env);
  if (!fixed) return systemClock;
  // Advance with real time from the fixed start so ordering of separate invocations holds.
  const offset = Date.now() - fixed.getTime();
  return { now: () => new Date(Date.now() - offset) };
}
