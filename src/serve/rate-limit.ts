import type { Clock } from '../core/clock.js';

/**
 * A token bucket on the injected clock: `perMinute` requests a minute on average, bursts of up to
 * ten seconds' worth (at least 10, at most `perMinute`). One bucket for every request to /alerts
 * and /telemetry, whoever sends it, authenticated or not. `take()` says whether one more may go now.
 */
export class RateLimit {
  private tokens: number;
  private last: number;
  private readonly capacity: number;
  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock,
  ) {
    // Never more than a minute's worth: `--rate 2` means two requests, not a burst of ten.
    this.capacity = Math.min(perMinute, Math.max(10, Math.ceil(perMinute / 6)));
    this.tokens = this.capacity;
    this.last = clock.now().getTime();
  }

  take(): boolean {
    const now = this.clock.now().getTime();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 60_000) * this.perMinute);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Seconds until the next request may go through (the Retry-After header). */
  retryAfter(): number {
    return Math.max(1, Math.ceil(((1 - this.tokens) * 60) / this.perMinute));
  }
}
