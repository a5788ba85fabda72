import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { terminalJson } from '../src/core/terminal-text.js';

// The characters terminalJson must write as \u escapes, spelled out here from its contract (C1 and
// DEL, the bidi controls and marks, the invisible joiners and BOM, the line and paragraph
// separators), not read from its own regex: the slow path it is pinned to is this one.
const ESCAPED: ReadonlyArray<readonly [number, number]> = [
  [0x7f, 0x9f],
  [0x61c, 0x61c],
  [0x200b, 0x200b],
  [0x200e, 0x200f],
  [0x202a, 0x202e],
  [0x2028, 0x2029],
  [0x2060, 0x2064],
  [0x2066, 0x2069],
  [0xfeff, 0xfeff],
];
const escaped = (code: number) => ESCAPED.some(([lo, hi]) => code >= lo && code <= hi);

/** The slow path: every UTF-16 unit looked at, one by one. */
function reference(json: string): string {
  let out = '';
  for (let i = 0; i < json.length; i++) {
    const code = json.charCodeAt(i);
    out += escaped(code) ? `\\u${code.toString(16).padStart(4, '0')}` : json[i];
  }
  return out;
}

// Strings that mix plain ASCII (what a listing almost always is) with C0 and C1 controls, DEL,
// every escaped character and its neighbours, other non-ASCII, astral characters and lone surrogates.
const unit = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0xa0 }).map((c) => String.fromCharCode(c)) },
  { weight: 2, arbitrary: fc.constantFrom(...ESCAPED.flatMap(([lo, hi]) => [lo - 1, lo, hi, hi + 1])).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 2 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 2 }) },
);
const text = fc.array(unit, { maxLength: 60 }).map((parts) => parts.join(''));

describe('terminalJson, its plain-ASCII fast path against the character-by-character slow path', () => {
  it('escapes exactly what the slow path escapes, on any string: controls, bidi, surrogates', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(terminalJson(s)).toBe(reference(s));
      }),
      { numRuns: 5_000 },
    );
  });

  it('hands any ASCII without DEL back as the same string, as the slow path would', () => {
    const ascii = fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)) }).filter((s) => !s.includes('\u007f'));
    fc.assert(
      fc.property(ascii, (s) => {
        expect(reference(s)).toBe(s);
        expect(terminalJson(s)).toBe(s);
      }),
      { numRuns: 2_000 },
    );
  });

  it('escapes the same inside JSON text of any value, which still parses back to that value', () => {
    fc.assert(
      fc.property(text, (s) => {
        const json = JSON.stringify({ title: s, rows: [s] });
        const out = terminalJson(json);
        expect(out).toBe(reference(json));
        expect(JSON.parse(out)).toEqual(JSON.parse(json));
      }),
      { numRuns: 2_000 },
    );
  });
});
