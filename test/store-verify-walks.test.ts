import { describe, expect, it } from 'vitest';
import { eventHash } from '../src/core/hash-chain.js';
import { openEventLog } from '../src/store/index.js';
import { MemoryEventLog } from '../src/store/memory/memory-event-log.js';
import type { EventRow } from '../src/store/row-mapping.js';
import { walkChain } from '../src/store/verify/walk-chain.js';
import { appendTo, note, opened, stepDone } from './helpers/store-contract.js';

/** A log of 6 events over two incidents (A: 1, 2, 5, 6; B: 3, 4) and its rows. */
async function sixEvents(): Promise<{ log: MemoryEventLog; rows: EventRow[] }> {
  const log = (await openEventLog('memory:')) as MemoryEventLog;
  await appendTo(log, 'INC-A', [opened('INC-A'), note('INC-A', 'first')]);
  await appendTo(log, 'INC-B', [opened('INC-B'), note('INC-B', 'other')]);
  await appendTo(log, 'INC-A', [stepDone('INC-A', 'pause'), note('INC-A', 'last')]);
  let rows: EventRow[] = [];
  log.tamperRows((r) => (rows = r));
  return { log, rows: rows.map((r) => ({ ...r })) };
}

const rehash = (r: EventRow, payload: unknown): EventRow => ({
  ...r,
  payload: JSON.stringify(payload),
  hash: eventHash(r.prev_hash, { seq: r.seq, incident_id: r.incident_id, ts: r.ts, actor: r.actor, role: r.role, type: r.type, payload }),
});

describe('the pure verification walks, on rows any adapter supplies', () => {
  it('Given a row inserted in the middle and later rows renumbered, Then the whole walk names the forged seq as a broken link', async () => {
    const { rows } = await sixEvents();
    const forged = { ...rows[3]!, seq: 4, actor: 'mallory', prev_hash: 'f'.repeat(64) };
    const renumbered = [...rows.slice(0, 3), forged, ...rows.slice(3).map((r) => ({ ...r, seq: r.seq + 1 }))];
    expect(walkChain(renumbered, { seq: 6, hash: rows[5]!.hash }).firstBad).toEqual({
      seq: 4,
      incidentId: 'INC-B',
      kind: 'broken-link',
      message: 'seq 4: prev_hash does not match the hash of seq 3',
    });
  });

  it('Given a correctly hashed row appended outside aiops, Then the recorded head exposes it', async () => {
    const { rows } = await sixEvents();
    const last = rows.at(-1)!;
    const extra = rehash({ ...last, seq: 7, actor: 'mallory', prev_hash: last.hash }, { text: 'forged', attachments: [] });
    expect(walkChain([...rows, extra], { seq: 6, hash: last.hash }).firstBad).toEqual({
      seq: 7,
      incidentId: null,
      kind: 'broken-link',
      message: 'the log goes on to seq 7 but its recorded head is seq 6: seq 7 was added outside aiops',
    });
  });

  it('Given the recorded head replaced at the same seq, Then the walk names both hashes', async () => {
    const { rows } = await sixEvents();
    const last = rows.at(-1)!;
    const problem = walkChain(rows, { seq: 6, hash: '0'.repeat(63) + '1' }).firstBad!;
    expect(problem).toMatchObject({ seq: 6, incidentId: null, kind: 'broken-link' });
    expect(problem.message).toBe(`seq 6 hashes to ${last.hash.slice(0, 12)}… but the recorded head says 000000000000…: the row or the recorded head was replaced outside aiops`);
  });

  it('Given no recorded head at all, Then the walk says it is missing', async () => {
    const { rows } = await sixEvents();
    expect(walkChain(rows, undefined).firstBad).toEqual({ seq: 6, incidentId: null, kind: 'missing-tail', message: 'the recorded chain head is missing' });
  });

  it('Given a payload that is not JSON, Then both walks call the row bad', async () => {
    const { log } = await sixEvents();
    log.tamperRows((rows) => rows.map((r) => (r.seq === 2 ? { ...r, payload: '{not json' } : r)));
    const bad = { seq: 2, incidentId: 'INC-A', kind: 'bad-row', message: 'seq 2: payload is not valid JSON' };
    expect((await log.verify()).firstBad).toEqual(bad);
    expect((await log.readVerifiedIncident('INC-A')).report.firstBad).toEqual(bad);
  });

  it('Given payloads stored in another key order (an older aiops), Then both walks pass; a changed value still fails', async () => {
    const { log } = await sixEvents();
    const reordered = (text: string) => JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(text)).reverse()));
    log.tamperRows((rows) => rows.map((r) => ({ ...r, payload: reordered(r.payload) })));
    expect((await log.verify()).ok).toBe(true);
    expect((await log.readVerifiedIncident('INC-A')).report.ok).toBe(true);
    log.tamperRows((rows) => rows.map((r) => (r.seq === 5 ? { ...r, payload: r.payload.replace('pause', 'resume') } : r)));
    expect((await log.verify()).firstBad).toMatchObject({ seq: 5, kind: 'hash-mismatch' });
    expect((await log.readVerifiedIncident('INC-A')).report.firstBad).toMatchObject({ seq: 5, kind: 'hash-mismatch' });
  });

  it('Given two rows swapped, Then the whole walk names the first as a broken link', async () => {
    const { log } = await sixEvents();
    log.tamperRows((rows) => rows.map((r) => (r.seq === 3 ? { ...rows[3]!, seq: 3 } : r.seq === 4 ? { ...rows[2]!, seq: 4 } : r)));
    expect((await log.verify()).firstBad).toMatchObject({ seq: 3, kind: 'broken-link' });
  });

  it('Given an incident whose timestamps go backwards (a clock that disagreed), Then both walks flag it and other incidents interleaving do not', async () => {
    const log = (await openEventLog('memory:')) as MemoryEventLog;
    const at = (e: ReturnType<typeof note>, ts: string) => ({ ...e, ts });
    await appendTo(log, 'INC-A', [at(opened('INC-A'), '2026-03-01T10:00:00.000Z'), at(note('INC-A', 'T+15m36s'), '2026-03-01T10:15:36.000Z')]);
    // Another incident earlier in time between them is fine: the order is per incident.
    await appendTo(log, 'INC-B', [at(opened('INC-B'), '2026-03-01T09:00:00.000Z')]);
    expect((await log.verify()).ok).toBe(true);
    await appendTo(log, 'INC-A', [at(note('INC-A', 'T+51s'), '2026-03-01T10:00:51.000Z')]);
    const bad = {
      seq: 4,
      incidentId: 'INC-A',
      kind: 'time-backwards',
      message: 'seq 4: its time 2026-03-01T10:00:51.000Z is earlier than seq 2 of INC-A (2026-03-01T10:15:36.000Z); an incident\'s timeline never goes backwards',
    };
    expect((await log.verify()).firstBad).toEqual(bad);
    expect((await log.readVerifiedIncident('INC-A')).report.firstBad).toEqual(bad);
    expect((await log.readVerifiedIncident('INC-B')).report.ok).toBe(true);
  });
});
