import { afterEach, describe, expect, it } from 'vitest';
import type { NewEvent } from '../src/core/events.js';
import { openEventLog } from '../src/store/index.js';
import type { EventLog } from '../src/store/types.js';
import { freshPgSchema, initPgLog, pgTestUrl } from './helpers/pg.js';
import { appendTo, note, opened } from './helpers/store-contract.js';

// Issue 14's bench bound (an acknowledged action ≤ 1.5× a raw INSERT transaction) rests on round trips:
// an append after the head this process saw is one statement (aiops_append); one that finds the
// head or the incident's summary row moved by another writer learns them and goes again.
const base = pgTestUrl();

/** Counts the statements a log sends to the server (its one connection's query calls). */
function countTrips(log: EventLog): { n: number } {
  const conn = (log as unknown as { conn: { query: (...a: unknown[]) => Promise<unknown> } }).conn;
  const counter = { n: 0 };
  const inner = conn.query;
  conn.query = (...a: unknown[]) => {
    counter.n++;
    return inner(...a);
  };
  return counter;
}

const commanderTo = (id: string, person: string, previous: string | null): NewEvent =>
  ({ incidentId: id, ts: '2026-03-01T09:30:00.000Z', actor: 'alice', role: 'commander', type: 'role.assigned', payload: { role: 'commander', person, previous, handoff: previous !== null, source: 'manual' } }) as NewEvent;

describe.skipIf(!base)('PostgreSQL append round trips', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  async function twoWriters(): Promise<[EventLog, EventLog]> {
    const db = await freshPgSchema(base!);
    const a = await initPgLog(db.url);
    const b = await openEventLog(db.url);
    cleanups.push(async () => {
      await a.close();
      await b.close();
      await db.drop();
    });
    return [a, b];
  }

  it('Given a writer that saw the head, Then its next append is one statement; after another writer moved the head, two; the chain verifies', async () => {
    const [a, b] = await twoWriters();
    await appendTo(a, 'INC-A', [opened('INC-A')]);
    await appendTo(a, 'INC-A', [note('INC-A', 'warm')]);

    const trips = countTrips(a);
    const r = await a.append([note('INC-A', 'one trip')], { incidentId: 'INC-A', lastSeq: 2 });
    expect(r.ok).toBe(true);
    expect(trips.n).toBe(1);

    await appendTo(b, 'INC-B', [opened('INC-B')]);
    trips.n = 0;
    const r2 = await a.append([note('INC-A', 'after b')], { incidentId: 'INC-A', lastSeq: 3 });
    expect(r2.ok && r2.events.map((e) => e.seq)).toEqual([5]);
    expect(trips.n).toBe(2);

    // A stale expectation is a conflict in one statement, whatever the head.
    trips.n = 0;
    const stale = await a.append([note('INC-A', 'stale')], { incidentId: 'INC-A', lastSeq: 3 });
    expect(stale).toEqual({ ok: false, reason: 'conflict', lastSeq: 5 });
    expect(trips.n).toBe(1);
    expect(await a.verify()).toMatchObject({ ok: true, events: 5 });
  });

  it('Given two writers changing one incident\'s summary in turn, Then each builds on the row the other wrote (the server checks it)', async () => {
    const [a, b] = await twoWriters();
    // Every time in this walk is fixed: ts() counts on across the files a test worker runs (12,000
    // events from the paging test alone), so an opening from it could come after 09:30 (time-backwards).
    await appendTo(a, 'INC-A', [{ ...opened('INC-A'), ts: '2026-03-01T09:00:00.000Z' }]);
    await appendTo(a, 'INC-A', [commanderTo('INC-A', 'alice', null)]);
    await appendTo(b, 'INC-A', [commanderTo('INC-A', 'carol', 'alice')]);
    await appendTo(a, 'INC-A', [{ ...note('INC-A', 'a note changes no summary'), ts: '2026-03-01T09:45:00.000Z' }]);
    await appendTo(a, 'INC-A', [{ incidentId: 'INC-A', ts: '2026-03-01T10:00:00.000Z', actor: 'carol', role: 'commander', type: 'severity.changed', payload: { from: 'SEV1', to: 'SEV2', reason: 'contained' } } as NewEvent]);
    const [row] = await b.summaries();
    expect([row!.commander, row!.severity]).toEqual(['carol', 'SEV2']);
    expect(await b.verify()).toMatchObject({ ok: true, firstBad: null });
  });
});
