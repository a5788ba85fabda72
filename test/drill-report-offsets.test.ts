import { describe, expect, it } from 'vitest';
import { offsetsFrom, shownSpanMs, sinceStart } from '../src/export/format-time.js';

describe('T+ in an after-action report', () => {
  it('is what the export shows for the same instant: each instant cut to its second first', () => {
    // A drill opened at .900 and an event 1.2 s later (at .100 two seconds on): the export's rows say
    // T+2s (its times read :00 and :02); the report used to floor the offset itself and said T+1s.
    const start = '2026-03-01T09:00:00.900Z';
    const t = offsetsFrom(start);
    expect(t(1200)).toBe('T+2s');
    const at = Date.parse(start) + 1200;
    expect(t(1200)).toBe(sinceStart(shownSpanMs(Date.parse(start), at)));
    expect(t(708_123)).toBe(sinceStart(shownSpanMs(Date.parse(start), Date.parse(start) + 708_123)));
    expect(t(null)).toBe('—');
    expect(t(0)).toBe('T+0s');
  });
});
