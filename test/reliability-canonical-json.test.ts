import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalEventEnvelope, canonicalEventText, canonicalJsonText } from '../src/core/canonical-json.js';
import { eventHash, rowHashChecker, sealEvent } from '../src/core/hash-chain.js';

/** Both return the same text, or both throw. */
function sameAsPackage(actual: () => string | undefined, value: unknown): void {
  let expected: { text?: string; threw?: boolean };
  try {
    expected = { text: canonicalize(value) };
  } catch {
    expected = { threw: true };
  }
  if (expected.threw) expect(actual).toThrow();
  else expect(actual()).toBe(expected.text);
}

const strings = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.constantFrom('"', '\\', '\u2028', '\ud800', 'a\udc00b', '😀', '\u0000\u001f'));
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.integer(),
    strings,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(strings, tie('value'), { maxKeys: 6 }),
  ),
})).value;

/** The hashed fields of an event, with `seq` from the given arbitrary. */
const eventWith = (seq: fc.Arbitrary<number>) =>
  fc.record({ seq, incident_id: strings, ts: strings, actor: strings, role: fc.option(strings, { nil: null }), type: strings, payload: json });

describe('canonical JSON used for event hashes', () => {
  it('is byte-identical to the canonicalize package on random JSON values (NaN, ±Infinity, lone surrogates included)', () => {
    fc.assert(fc.property(json, (v) => sameAsPackage(() => canonicalJsonText(v), v)), { numRuns: 3000 });
  });

  it('is byte-identical on event-shaped records', () => {
    fc.assert(fc.property(eventWith(fc.oneof(fc.nat(), fc.double())), (e) => sameAsPackage(() => canonicalEventText(e), e)), { numRuns: 2000 });
  });

  it('builds the same hashed text around a stored canonical payload, and seals an event with the hash of the full rule', () => {
    fc.assert(
      fc.property(eventWith(fc.nat()), fc.constantFrom('0'.repeat(64), 'ab'.repeat(32)), (e, prev) => {
        let full: string | undefined;
        try {
          full = canonicalEventText(e);
        } catch {
          return; // no canonical form (a lone surrogate the package refuses): nothing is sealed
        }
        const payloadText = canonicalJsonText(e.payload)!;
        const around = canonicalEventEnvelope(e, payloadText);
        // The fast form is either the same text, or declines (a field the general path must judge)
        if (around !== undefined) expect(around).toBe(full);
        const sealed = sealEvent(prev, e);
        expect(sealed.payloadText).toBe(payloadText);
        expect(sealed.hash).toBe(eventHash(prev, e));
        const check = rowHashChecker();
        expect(check(prev, { ...e, payload: payloadText }, sealed.hash, JSON.parse(payloadText))).toBe(true);
        expect(check(prev, { ...e, payload: payloadText }, sealed.hash.replace(/^./, (c) => (c === '0' ? '1' : '0')), JSON.parse(payloadText))).toBe(false);
        // A payload stored in another spelling of the same value still matches (re-canonicalised)
        const spelled = JSON.stringify(e.payload, null, 1);
        if (spelled !== undefined && spelled !== payloadText) expect(check(prev, { ...e, payload: spelled }, sealed.hash, JSON.parse(spelled))).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it('matches the package on the odd values the fast path hands over', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    let deep: unknown = 'bottom';
    for (let i = 0; i < 300; i++) deep = { d: deep };
    const odd: unknown[] = [
      { when: new Date(Date.UTC(2026, 0, 1)) },
      // eslint-disable-next-line no-sparse-arrays -- the hole is the case under test
      [1, , 3],
      { f: () => 1, u: undefined, s: Symbol('x'), k: 1 },
      [undefined, Symbol('y'), 2],
      { big: 1n },
      deep,
      -0,
      1e21,
      5e-324,
      { 'é': 1, e: 2, '\u{1F600}': 3, '\uFFFF': 4, Z: 5 },
      new Map([[1, 2]]),
    ];
    for (const v of odd) sameAsPackage(() => canonicalJsonText(v), v);
    expect(() => canonicalJsonText(cyclic)).toThrow(/Circular/);
  });
});
