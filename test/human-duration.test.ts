import fc from 'fast-check';
import { formatDuration } from 'date-fns/formatDuration';
import { intervalToDuration } from 'date-fns/intervalToDuration';
import { describe, expect, it } from 'vitest';
import { humanDuration } from '../src/export/format-time.js';

/** What the export said before it stopped loading date-fns (40 files, ~26 ms of every export), run in UTC. */
function dateFnsDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 1000) return '0 seconds';
  const d = intervalToDuration({ start: 0, end: abs });
  const units = (['years', 'months', 'days', 'hours', 'minutes', 'seconds'] as const).filter((u) => (d[u] ?? 0) > 0).slice(0, 2);
  const text = formatDuration(d, { format: units });
  return ms < 0 ? `-${text}` : text;
}

describe('humanDuration', () => {
  it('says spans as people do, two largest units, singular and plural', () => {
    expect(humanDuration(0)).toBe('0 seconds');
    expect(humanDuration(999)).toBe('0 seconds');
    expect(humanDuration(1000)).toBe('1 second');
    expect(humanDuration(65 * 60_000 + 7000)).toBe('1 hour 5 minutes');
    expect(humanDuration(-2 * 3_600_000)).toBe('-2 hours');
    expect(humanDuration(45 * 86_400_000)).toBe('1 month 14 days');
    expect(humanDuration(400 * 86_400_000)).toBe('1 year 1 month');
  });

  it('agrees with date-fns (intervalToDuration from the epoch, formatDuration) in UTC on any span', () => {
    const savedTz = process.env.TZ;
    process.env.TZ = 'UTC';
    try {
      fc.assert(
        fc.property(fc.integer({ min: -20 * 365 * 86_400_000, max: 20 * 365 * 86_400_000 }), (ms) => {
          expect(humanDuration(ms)).toBe(dateFnsDuration(ms));
        }),
        { numRuns: 2000 },
      );
    } finally {
      if (savedTz === undefined) delete process.env.TZ;
      else process.env.TZ = savedTz;
    }
  });
});
