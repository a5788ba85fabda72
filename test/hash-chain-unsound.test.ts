import { describe, expect, it } from 'vitest';
import { eventHash, firstUnsoundEvent, GENESIS_HASH } from '../src/core/hash-chain.js';

/** Events of one incident chained as aiops writes them (seqs given: other incidents' events may sit between). */
function chained(seqs: number[], login?: string) {
  let prev = GENESIS_HASH;
  return seqs.map((seq, i) => {
    const e = { seq, incidentId: 'INC-1', ts: `2026-03-01T09:00:0${i}.000Z`, actor: 'alice', role: 'commander', type: 'note.added', payload: { text: `n${i}`, attachments: [] }, ...(login ? { login } : {}) };
    const hash = eventHash(prev, { seq, incident_id: e.incidentId, ts: e.ts, actor: e.actor, role: e.role, type: e.type, payload: e.payload, ...(login ? { login } : {}) });
    const stored = { ...e, prevHash: prev, hash };
    prev = hash;
    return stored;
  });
}

describe('firstUnsoundEvent: what a command checks of the events it folds', () => {
  it('passes events as aiops chained them, with or without a login', () => {
    expect(firstUnsoundEvent(chained([1, 2, 3]))).toBeNull();
    expect(firstUnsoundEvent(chained([1, 2, 3], 'alice_db'))).toBeNull();
  });

  it('names an event whose content was edited, as verify words it', () => {
    const events = chained([1, 2, 3]);
    events[1] = { ...events[1]!, actor: 'mallory' };
    expect(firstUnsoundEvent(events)).toEqual({ seq: 2, kind: 'hash-mismatch', message: 'seq 2: content does not match its hash (edited after it was written)' });
  });

  it('names an event that no longer links to the one before it, also across a page (before)', () => {
    const events = chained([1, 2, 3]);
    expect(firstUnsoundEvent(events.slice(1), { seq: 1, hash: 'f'.repeat(64) })).toEqual({ seq: 2, kind: 'broken-link', message: 'seq 2: prev_hash does not match the hash of seq 1' });
    expect(firstUnsoundEvent(events.slice(1), events[0])).toBeNull();
  });

  it('does not ask for links to events it was not given (another incident between)', () => {
    // seq 2 and 4 belong to another incident: 3 and 5 link to them, which is verify's to walk
    const events = chained([1, 2, 3, 4, 5]).filter((e) => e.seq % 2 === 1);
    expect(firstUnsoundEvent(events)).toBeNull();
  });
});
