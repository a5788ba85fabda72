import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoMillis } from '../src/core/iso-time.js';

const pad = (n: number, w: number) => String(n).padStart(w, '0');

describe('isoMillis, the export’s per-event Date.parse', () => {
  it('gives Date.parse’s answer for every instant toISOString writes', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('-001000-01-01T00:00:00.000Z'), max: new Date('+012000-01-01T00:00:00.000Z'), noInvalidDate: true }), (date) => {
        const iso = date.toISOString();
        expect(isoMillis(iso)).toBe(Date.parse(iso));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives Date.parse’s answer (a number or NaN) for strings of that shape with any digits or none', () => {
    const digits = (w: number, max: number) => fc.integer({ min: 0, max }).map((n) => pad(n, w));
    const field = (w: number, max: number) => fc.oneof(digits(w, max), fc.string({ minLength: w, maxLength: w }));
    const shaped = fc
      .tuple(field(4, 9999), field(2, 99), field(2, 99), field(2, 99), field(2, 99), field(2, 99), field(3, 999))
      .map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
    fc.assert(
      fc.property(fc.oneof(shaped, fc.string()), (text) => {
        expect(Object.is(isoMillis(text), Date.parse(text))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});
