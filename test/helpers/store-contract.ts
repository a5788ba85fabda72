import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { NewEvent, StoredEvent } from '../../src/core/events.js';
import type { SummaryTextMatch } from '../../src/core/incident/summary-filter.js';
import { GENESIS_HASH, eventHash } from '../../src/core/hash-chain.js';
import type { EventRow } from '../../src/store/row-mapping.js';
import type { EventLog } from '../../src/store/index.js';

/** A fresh log for one test, with what the contract needs around it. */
export interface LogUnderTest {
  log: EventLog;
  /** Another handle on the same log (SQLite: a second connection on the file; memory: the same log). */
  second(): Promise<EventLog>;
  /** Rewrites the stored rows behind the log's back (triggers bypassed), leaving the recorded chain head. */
  tamper(edit: (rows: EventRow[]) => EventRow[]): Promise<void>;
  /** Sets an incident's stored listing row to `text` behind the log's back (null: deletes it). */
  tamperSummary(id: string, text: string | null): Promise<void>;
  cleanup(): Promise<void>;
}

// Each call a second later than the last. With isolate: false the count goes on across the files a
// worker runs (tens of thousands of calls), so a fixed time meant to come after these is a year on.
const T0 = Date.UTC(2026, 2, 1, 9, 0, 0);
let tick = 0;
const ts = () => new Date(T0 + 1000 * tick++).toISOString();

export function opened(incidentId: string, title = 'Tenant B saw Tenant A invoices'): NewEvent {
  return { incidentId, ts: ts(), actor: 'alice', role: 'commander', type: 'incident.opened', payload: { title, service: 'assistant-eu', severity: 'SEV1' } } as unknown as NewEvent;
}

export function note(incidentId: string, text: string): NewEvent {
  return { incidentId, ts: ts(), actor: 'bob', role: 'reviewer', type: 'note.added', payload: { text, attachments: [] } } as NewEvent;
}

export function stepDone(incidentId: string, step: string): NewEvent {
  return { incidentId, ts: ts(), actor: 'alice', role: 'commander', type: 'step.completed', payload: { step } } as NewEvent;
}

/** Appends to one incident after its current last seq; fails the test on a conflict. */
export async function appendTo(log: EventLog, incidentId: string, events: NewEvent[]): Promise<StoredEvent[]> {
  const result = await log.append(events, { incidentId, lastSeq: await log.incidentLastSeq(incidentId) });
  if (!result.ok) throw new Error(`unexpected conflict on ${incidentId}`);
  return result.events;
}

/** Two incidents interleaved: A (seq 1, 2, 5, 6, 7) and B (seq 3, 4, 8). */
async function twoIncidents(log: EventLog): Promise<void> {
  await appendTo(log, 'INC-A', [opened('INC-A'), note('INC-A', 'first look')]);
  await appendTo(log, 'INC-B', [opened('INC-B'), note('INC-B', 'tool note')]);
  await appendTo(log, 'INC-A', [stepDone('INC-A', 'pause'), note('INC-A', 'paused'), stepDone('INC-A', 'update')]);
  await appendTo(log, 'INC-B', [stepDone('INC-B', 'pause')]);
}

const seqs = (events: StoredEvent[]) => events.map((e) => e.seq);

/** Registers the EventLog contract for one adapter: every test gets a fresh log from `fresh`. */
export function eventLogContract(adapter: string, fresh: () => Promise<LogUnderTest>): void {
  const withLog = (fn: (t: LogUnderTest) => Promise<void>) => async () => {
    const t = await fresh();
    try {
      await fn(t);
    } finally {
      await t.cleanup();
    }
  };

  describe(`EventLog contract: ${adapter}`, () => {
    describe('append', () => {
      it('Given an empty log, When a new incident is appended with expectation 0, Then its events chain from the genesis hash', withLog(async ({ log }) => {
        const r = await log.append([opened('INC-1'), note('INC-1', 'hello')], { incidentId: 'INC-1', lastSeq: 0 });
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(seqs(r.events)).toEqual([1, 2]);
        expect(r.events[0]!.prevHash).toBe(GENESIS_HASH);
        expect(r.events[1]!.prevHash).toBe(r.events[0]!.hash);
        for (const e of r.events) {
          expect(e.hash).toBe(eventHash(e.prevHash, { seq: e.seq, incident_id: e.incidentId, ts: e.ts, actor: e.actor, role: e.role, type: e.type, payload: e.payload, login: e.login }));
        }
        expect(await log.readIncident('INC-1')).toEqual(r.events);
      }));

      it('Given two incidents written in turns, Then seq is gap-free across the log and each append chains after the log head', withLog(async ({ log }) => {
        await twoIncidents(log);
        const all = await log.readSince(0, 100);
        expect(seqs(all)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
        for (let i = 1; i < all.length; i++) expect(all[i]!.prevHash).toBe(all[i - 1]!.hash);
        expect(await log.head()).toEqual({ seq: 8, hash: all[7]!.hash });
      }));

      it('Given a stale expectation, When appending, Then it is a conflict with the current last seq and nothing is written', withLog(async ({ log }) => {
        await appendTo(log, 'INC-1', [opened('INC-1')]);
        const headBefore = await log.head();
        const r = await log.append([note('INC-1', 'decided on stale state')], { incidentId: 'INC-1', lastSeq: 0 });
        expect(r).toEqual({ ok: false, reason: 'conflict', lastSeq: 1 });
        expect(await log.head()).toEqual(headBefore);
        expect(seqs(await log.readIncident('INC-1'))).toEqual([1]);
      }));

      it('Given an incident opened for alert group K after seq S, When another incident of K is opened expecting none since S, Then nothing is written and the append names the first; drills and other groups do not count', withLog(async ({ log }) => {
        const ofGroup = (id: string, key: string, drill?: boolean) => {
          const e = opened(id);
          return { ...e, payload: { ...(e.payload as object), alert: { key }, ...(drill ? { drill: { scenario: 's', title: 't' } } : {}) } } as NewEvent;
        };
        await appendTo(log, 'INC-0', [opened('INC-0')]);
        // seq 2, at S: the caller saw it (closed since, say); seq 3 after S, but a drill
        await appendTo(log, 'INC-1', [ofGroup('INC-1', 'am:g')]);
        await appendTo(log, 'DRILL-2', [ofGroup('DRILL-2', 'am:g', true)]);
        expect(await log.append([ofGroup('INC-2', 'am:g')], { incidentId: 'INC-2', lastSeq: 0, newGroup: { key: 'am:g', seenAt: 2 } })).toMatchObject({ ok: true });
        const headBefore = await log.head();
        const lost = await log.append([ofGroup('INC-3', 'am:g')], { incidentId: 'INC-3', lastSeq: 0, newGroup: { key: 'am:g', seenAt: 2 } });
        expect(lost).toEqual({ ok: false, reason: 'group-opened', incidentId: 'INC-2' });
        expect(await log.head()).toEqual(headBefore);
        // looked after INC-2 was opened, or for another group: nothing in the way
        expect(await log.append([ofGroup('INC-4', 'am:h')], { incidentId: 'INC-4', lastSeq: 0, newGroup: { key: 'am:h', seenAt: 2 } })).toMatchObject({ ok: true });
        expect(await log.append([ofGroup('INC-5', 'am:g')], { incidentId: 'INC-5', lastSeq: 0, newGroup: { key: 'am:g', seenAt: 5 } })).toMatchObject({ ok: true });
      }));

      it('Given an incident that does not exist, When appending with a non-zero expectation, Then it is a conflict with last seq 0', withLog(async ({ log }) => {
        const r = await log.append([note('INC-9', 'x')], { incidentId: 'INC-9', lastSeq: 3 });
        expect(r).toEqual({ ok: false, reason: 'conflict', lastSeq: 0 });
        expect(await log.head()).toBeNull();
      }));

      it('Given an existing incident, When it is "opened" again with expectation 0, Then it is a conflict', withLog(async ({ log }) => {
        await appendTo(log, 'INC-1', [opened('INC-1')]);
        const again = await log.append([opened('INC-1')], { incidentId: 'INC-1', lastSeq: 0 });
        expect(again).toEqual({ ok: false, reason: 'conflict', lastSeq: 1 });
      }));

      it('Given another incident was written meanwhile, When appending with this incident’s expectation, Then it succeeds after the log head', withLog(async ({ log }) => {
        await appendTo(log, 'INC-A', [opened('INC-A')]);
        await appendTo(log, 'INC-B', [opened('INC-B')]);
        const r = await log.append([note('INC-A', 'still mine')], { incidentId: 'INC-A', lastSeq: 1 });
        expect(r.ok && seqs(r.events)).toEqual([3]);
      }));

      it('Given a batch with an event that has no JSON form, When appending, Then it rejects and writes nothing', withLog(async ({ log }) => {
        await appendTo(log, 'INC-1', [opened('INC-1')]);
        const bad = { ...note('INC-1', 'x'), payload: { text: 'x', big: 10n } } as unknown as NewEvent;
        await expect(log.append([note('INC-1', 'fine'), bad], { incidentId: 'INC-1', lastSeq: 1 })).rejects.toThrow();
        expect(await log.incidentLastSeq('INC-1')).toBe(1);
        expect((await log.verify()).ok).toBe(true);
      }));

      it('Given a batch holding another incident’s event, When appending, Then it rejects and writes nothing', withLog(async ({ log }) => {
        await expect(log.append([opened('INC-1'), opened('INC-2')], { incidentId: 'INC-1', lastSeq: 0 })).rejects.toThrow(/INC-2/);
        expect(await log.head()).toBeNull();
      }));

      it('Given two appenders on one log with the same expectation, When both append at once, Then exactly one wins', withLog(async ({ log, second }) => {
        await appendTo(log, 'INC-1', [opened('INC-1')]);
        const other = await second();
        try {
          const results = await Promise.all([
            log.append([note('INC-1', 'from the first')], { incidentId: 'INC-1', lastSeq: 1 }),
            other.append([note('INC-1', 'from the second')], { incidentId: 'INC-1', lastSeq: 1 }),
          ]);
          expect(results.filter((r) => r.ok)).toHaveLength(1);
          expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'conflict', lastSeq: 2 }]);
          expect(seqs(await log.readIncident('INC-1'))).toEqual([1, 2]);
          expect((await log.verify()).ok).toBe(true);
        } finally {
          if (other !== log) await other.close();
        }
      }));
      it('Given a command read the incident, When another handle appends to it before the command writes, Then the command’s append is a conflict', withLog(async ({ log, second }) => {
        await appendTo(log, 'INC-1', [opened('INC-1')]);
        const other = await second();
        try {
          const seen = await log.incidentLastSeq('INC-1');
          await appendTo(other, 'INC-1', [note('INC-1', 'got there first')]);
          expect(await log.append([note('INC-1', 'decided on what it saw')], { incidentId: 'INC-1', lastSeq: seen })).toEqual({ ok: false, reason: 'conflict', lastSeq: 2 });
        } finally {
          if (other !== log) await other.close();
        }
      }));
    });

    describe('readIncident', () => {
      it('Given two interleaved incidents, When one is read, Then only its events come back, in seq order', withLog(async ({ log }) => {
        await twoIncidents(log);
        expect(seqs(await log.readIncident('INC-A'))).toEqual([1, 2, 5, 6, 7]);
        expect(seqs(await log.readIncident('INC-B'))).toEqual([3, 4, 8]);
        expect(await log.readIncident('INC-NONE')).toEqual([]);
      }));

      it('When read with afterSeq / beforeSeq, Then only events strictly between come back', withLog(async ({ log }) => {
        await twoIncidents(log);
        expect(seqs(await log.readIncident('INC-A', { afterSeq: 2 }))).toEqual([5, 6, 7]);
        expect(seqs(await log.readIncident('INC-A', { beforeSeq: 6 }))).toEqual([1, 2, 5]);
        expect(seqs(await log.readIncident('INC-A', { afterSeq: 1, beforeSeq: 7 }))).toEqual([2, 5, 6]);
      }));

      it('When read with types, Then only those types come back (an empty list: none)', withLog(async ({ log }) => {
        await twoIncidents(log);
        expect(seqs(await log.readIncident('INC-A', { types: ['step.completed'] }))).toEqual([5, 7]);
        expect(seqs(await log.readIncident('INC-A', { types: ['incident.opened', 'note.added'] }))).toEqual([1, 2, 6]);
        expect(await log.readIncident('INC-A', { types: [] })).toEqual([]);
      }));

      it('When read with limit, Then the first ones come; with newestFirst the newest ones, still oldest first', withLog(async ({ log }) => {
        await twoIncidents(log);
        expect(seqs(await log.readIncident('INC-A', { limit: 2 }))).toEqual([1, 2]);
        expect(seqs(await log.readIncident('INC-A', { limit: 2, newestFirst: true }))).toEqual([6, 7]);
        expect(seqs(await log.readIncident('INC-A', { newestFirst: true }))).toEqual([1, 2, 5, 6, 7]);
        expect(seqs(await log.readIncident('INC-A', { limit: 1, newestFirst: true, types: ['note.added'], beforeSeq: 6 }))).toEqual([2]);
        expect(await log.readIncident('INC-A', { limit: 0 })).toEqual([]);
      }));

      it('Then events read back equal the events the append returned, payloads parsed', withLog(async ({ log }) => {
        const written = await appendTo(log, 'INC-1', [opened('INC-1'), note('INC-1', 'ünïcode ✓ "quoted"')]);
        expect(await log.readIncident('INC-1')).toEqual(written);
      }));
    });

    describe('head and listings', () => {
      it('Given an empty log, Then head is null and every listing is empty', withLog(async ({ log }) => {
        expect(await log.head()).toBeNull();
        expect(await log.incidentLastSeq('INC-1')).toBe(0);
        expect(await log.openedEvents()).toEqual([]);
        expect(await log.eventsOfTypes(['note.added'])).toEqual([]);
        expect(await log.incidentIdsLike('INC')).toEqual([]);
        expect(await log.readSince(0, 10)).toEqual([]);
        expect(await log.summaries()).toEqual([]);
      }));

      it('Then incidentLastSeq is each incident’s last seq, and head the log’s', withLog(async ({ log }) => {
        await twoIncidents(log);
        expect(await log.incidentLastSeq('INC-A')).toBe(7);
        expect(await log.incidentLastSeq('INC-B')).toBe(8);
        expect((await log.head())?.seq).toBe(8);
      }));

      it('Then openedEvents and eventsOfTypes list across incidents in seq order', withLog(async ({ log }) => {
        await twoIncidents(log);
        expect((await log.openedEvents()).map((e) => e.incidentId)).toEqual(['INC-A', 'INC-B']);
        expect(seqs(await log.eventsOfTypes(['step.completed', 'incident.opened']))).toEqual([1, 3, 5, 7, 8]);
        expect(await log.eventsOfTypes([])).toEqual([]);
      }));

      it('Then incidentIdsLike matches a prefix of opened incidents (ASCII case-insensitively), with % and _ taken literally', withLog(async ({ log }) => {
        for (const id of ['INC-2026-0001', 'INC-2026-0002', 'INC_X', 'OTHER-1']) await appendTo(log, id, [opened(id)]);
        await appendTo(log, 'INC-2026-0001', [note('INC-2026-0001', 'not an opening')]);
        expect(await log.incidentIdsLike('INC-2026')).toEqual(['INC-2026-0001', 'INC-2026-0002']);
        expect(await log.incidentIdsLike('inc-2026-0002')).toEqual(['INC-2026-0002']);
        expect(await log.incidentIdsLike('INC_')).toEqual(['INC_X']);
        expect(await log.incidentIdsLike('%')).toEqual([]);
      }));

      it('Then readSince pages the whole log after a seq, at most limit events', withLog(async ({ log }) => {
        await twoIncidents(log);
        expect(seqs(await log.readSince(0, 3))).toEqual([1, 2, 3]);
        expect(seqs(await log.readSince(3, 3))).toEqual([4, 5, 6]);
        expect(seqs(await log.readSince(6, 3))).toEqual([7, 8]);
        expect(await log.readSince(8, 3)).toEqual([]);
      }));
    });

    describe('derived rows (snapshots, summaries)', () => {
      // PostgreSQL keeps no snapshots: every writer's login could rewrite the row that decides the others' commands.
      const keepsSnapshots = adapter !== 'postgres';
      // Registered only where it applies: under CI no test may show as skipped.
      const itOn = (applies: boolean) => (name: string, fn: () => Promise<void>) => (applies ? it(name, fn) : undefined);
      itOn(!keepsSnapshots)('Given an append with a snapshot on a shared server, Then it is never computed nor stored, and no snapshot is ever read', withLog(async ({ log }) => {
        let called = false;
        await log.append([opened('INC-A'), note('INC-A', 'one')], { incidentId: 'INC-A', lastSeq: 0 }, { snapshot: () => ((called = true), 'state@2') });
        expect(called).toBe(false);
        expect(await log.readSnapshot('INC-A')).toBeUndefined();
        expect((await log.summaries()).map((r) => r.id)).toEqual(['INC-A']);
      }));

      itOn(keepsSnapshots)('Given an append with a snapshot, Then it is stored at the append\'s last seq in the same write; the next one replaces it', withLog(async ({ log }) => {
        const seen: number[][] = [];
        const snap = (stored: readonly StoredEvent[]) => {
          seen.push(stored.map((e) => e.seq));
          return `state@${stored.at(-1)!.seq}`;
        };
        await log.append([opened('INC-A'), note('INC-A', 'one')], { incidentId: 'INC-A', lastSeq: 0 }, { snapshot: snap });
        expect(await log.readSnapshot('INC-A')).toEqual({ lastSeq: 2, text: 'state@2' });
        await appendTo(log, 'INC-B', [opened('INC-B')]);
        await log.append([note('INC-A', 'two')], { incidentId: 'INC-A', lastSeq: 2 }, { snapshot: snap });
        expect(seen).toEqual([[1, 2], [4]]);
        expect(await log.readSnapshot('INC-A')).toEqual({ lastSeq: 4, text: 'state@4' });
        expect(await log.readSnapshot('INC-B')).toBeUndefined();
      }));

      itOn(keepsSnapshots)('Given a conflicting append, Then its snapshot is never computed nor stored', withLog(async ({ log }) => {
        await appendTo(log, 'INC-A', [opened('INC-A')]);
        let called = false;
        const r = await log.append([note('INC-A', 'stale')], { incidentId: 'INC-A', lastSeq: 0 }, { snapshot: () => ((called = true), 'x') });
        expect(r.ok).toBe(false);
        expect(called).toBe(false);
        expect(await log.readSnapshot('INC-A')).toBeUndefined();
      }));

      itOn(keepsSnapshots)('Given a snapshot that throws, Then the append rejects and writes neither events nor rows', withLog(async ({ log }) => {
        await expect(log.append([opened('INC-A')], { incidentId: 'INC-A', lastSeq: 0 }, { snapshot: () => { throw new Error('boom'); } })).rejects.toThrow('boom');
        expect(await log.head()).toBeNull();
        expect(await log.summaries()).toEqual([]);
      }));

      it('Then summary rows follow every append, in the order incidents were opened, and verify finds them as the events give them', withLog(async ({ log }) => {
        await twoIncidents(log);
        await appendTo(log, 'INC-B', [{ incidentId: 'INC-B', ts: ts(), actor: 'alice', role: 'commander', type: 'severity.changed', payload: { from: 'SEV1', to: 'SEV2', reason: 'contained' } } as NewEvent]);
        await appendTo(log, 'INC-A', [
          { incidentId: 'INC-A', ts: ts(), actor: 'alice', role: 'commander', type: 'role.assigned', payload: { role: 'commander', person: 'carol', previous: 'alice', handoff: true, source: 'manual' } } as NewEvent,
          { incidentId: 'INC-A', ts: '2027-03-02T00:00:00.000Z', actor: 'carol', role: 'commander', type: 'status.changed', payload: { from: 'open', to: 'closed' } } as NewEvent,
        ]);
        const rows = await log.summaries();
        expect(rows.map((r) => [r.id, r.status, r.severity, r.commander, r.closedAt])).toEqual([
          ['INC-A', 'closed', 'SEV1', 'carol', '2027-03-02T00:00:00.000Z'],
          ['INC-B', 'open', 'SEV2', null, null],
        ]);
        expect(rows[0]).toMatchObject({ title: 'Tenant B saw Tenant A invoices', service: 'assistant-eu', drill: false, drillEnded: false });
        expect(await log.verify()).toMatchObject({ ok: true, summaries: { checked: 2, problems: [] } });
      }));

      it('Given listing rows edited behind the log\'s back, Then a whole-chain verify fails naming each incident, with no chain break', withLog(async ({ log, tamperSummary }) => {
        await twoIncidents(log);
        await appendTo(log, 'INC-C', [opened('INC-C')]);
        const [a] = await log.summaries();
        // Given INC-A hidden as closed, INC-B's row deleted, and a row for an incident that never opened
        await tamperSummary('INC-A', JSON.stringify({ ...a, status: 'closed' }));
        await tamperSummary('INC-B', null);
        await tamperSummary('INC-Z', JSON.stringify({ ...a, id: 'INC-Z' }));
        const report = await log.verify();
        expect(report).toMatchObject({ ok: false, firstBad: null, events: 9 });
        expect(report.summaries!.problems.map((p) => [p.incidentId, p.kind]).sort()).toEqual([
          ['INC-A', 'summary-differs'],
          ['INC-B', 'summary-missing'],
          ['INC-Z', 'summary-extra'],
        ]);
        expect(report.summaries!.problems.find((p) => p.incidentId === 'INC-A')!.message).toBe(
          'the listing row of INC-A differs from its events: status "closed" in the row, "open" in its events',
        );
        // An incident-scoped check reads no listing rows
        expect(await log.verify({ incidentId: 'INC-C' })).toMatchObject({ ok: true });
      }));

      it('Then summary chunks hold the matching rows as joined JSON text, in the same order, a page at a time', withLog(async ({ log }) => {
        for (const id of ['INC-A', 'INC-B', 'INC-C', 'INC-D', 'INC-E']) await appendTo(log, id, [opened(id)]);
        await appendTo(log, 'INC-B', [{ incidentId: 'INC-B', ts: ts(), actor: 'alice', role: 'commander', type: 'status.changed', payload: { from: 'open', to: 'closed' } } as NewEvent]);
        const chunks = async (match: SummaryTextMatch, size: number) => {
          const out: string[] = [];
          for await (const c of log.summaryChunks(match, '|', size)) out.push(Buffer.from(c).toString('utf8'));
          return out;
        };
        const rows = (texts: string[]) => texts.flatMap((t) => t.split('|')).map((t) => JSON.parse(t) as unknown);
        const all = await log.summaries();
        // Every row, two a page
        const every = await chunks({ has: [], lacks: [] }, 2);
        expect(every.map((c) => c.split('|').length)).toEqual([2, 2, 1]);
        expect(rows(every)).toEqual(all);
        // The default listing leaves the closed one out, and pages count only the rows shown
        const open = await chunks({ has: [], lacks: ['"status":"closed"', '"drillEnded":true'] }, 2);
        expect(open.map((c) => c.split('|').length)).toEqual([2, 2]);
        expect(rows(open)).toEqual(all.filter((r) => r.id !== 'INC-B'));
        expect(rows(await chunks({ has: ['"status":"closed"'], lacks: [] }, 2))).toEqual(all.filter((r) => r.id === 'INC-B'));
        expect(await chunks({ has: ['"drill":true'], lacks: [] }, 2)).toEqual([]);
      }));
    });

    describe('attachments', () => {
      it('Given bytes stored, Then they come back by their sha256; the same bytes stored again keep one copy', withLog(async ({ log }) => {
        const data = new Uint8Array([0, 1, 2, 250, 255]);
        const ref = await log.putAttachment(data, 'screenshot.png');
        expect(ref).toEqual({ sha256: createHash('sha256').update(data).digest('hex'), name: 'screenshot.png', size: 5 });
        const back = await log.getAttachment(ref.sha256);
        expect(back?.name).toBe('screenshot.png');
        expect(back?.size).toBe(5);
        expect([...back!.data]).toEqual([...data]);
        expect(await log.putAttachment(data, 'again.png')).toMatchObject({ sha256: ref.sha256, size: 5 });
        expect((await log.getAttachment(ref.sha256))?.name).toBe('screenshot.png');
        expect(await log.getAttachment('0'.repeat(64))).toBeUndefined();
      }));
    });

    describe('verify', () => {
      it('Given an untouched log, Then the whole-chain walk passes and counts every event', withLog(async ({ log }) => {
        await twoIncidents(log);
        const head = await log.head();
        expect(await log.verify()).toEqual({ ok: true, events: 8, incidentEvents: null, head, firstBad: null, summaries: { checked: 2, problems: [] } });
      }));

      it('Given an empty log, Then verify passes with no head', withLog(async ({ log }) => {
        expect(await log.verify()).toEqual({ ok: true, events: 0, incidentEvents: null, head: null, firstBad: null, summaries: { checked: 0, problems: [] } });
      }));

      it('Given an untouched log, Then verify of one incident checks that incident only (scope incident)', withLog(async ({ log }) => {
        await twoIncidents(log);
        const head = await log.head();
        expect(await log.verify({ incidentId: 'INC-B' })).toEqual({ ok: true, scope: 'incident', events: 3, incidentEvents: 3, head, firstBad: null, summaries: { checked: 1, problems: [] } });
      }));

      it('Given another incident’s row edited, Then verify of this incident passes (it walks only its own rows and links) while the whole walk fails', withLog(async ({ log, tamper }) => {
        await twoIncidents(log);
        await appendTo(log, 'INC-C', [opened('INC-C'), note('INC-C', 'far away')]);
        await tamper((rows) => rows.map((r) => (r.seq === 4 ? { ...r, actor: 'mallory' } : r)));
        expect(await log.verify({ incidentId: 'INC-C' })).toMatchObject({ ok: true, scope: 'incident', events: 2 });
        expect((await log.verify({ incidentId: 'INC-B' })).firstBad).toMatchObject({ seq: 4, kind: 'hash-mismatch' });
        expect((await log.verify()).firstBad).toMatchObject({ seq: 4, kind: 'hash-mismatch' });
      }));

      it('Given a head hash kept from earlier, Then verify finds it; an unknown one is head-not-found', withLog(async ({ log }) => {
        await appendTo(log, 'INC-1', [opened('INC-1'), note('INC-1', 'a')]);
        const kept = (await log.head())!;
        await appendTo(log, 'INC-1', [note('INC-1', 'b')]);
        const found = await log.verify({ head: kept.hash.toUpperCase(), incidentId: 'INC-1' });
        expect(found).toMatchObject({ ok: true, events: 3, incidentEvents: 3, headCheck: { hash: kept.hash, found: true, seq: kept.seq } });
        const missing = await log.verify({ head: 'a'.repeat(64) });
        expect(missing).toMatchObject({ ok: false, headCheck: { found: false, seq: null }, firstBad: { seq: 0, kind: 'head-not-found' } });
      }));

      it('Given an untouched log, Then readVerifiedIncident returns the incident’s events and an ok report', withLog(async ({ log }) => {
        await twoIncidents(log);
        const { events, report } = await log.readVerifiedIncident('INC-A');
        expect(events).toEqual(await log.readIncident('INC-A'));
        expect(report).toEqual({ scope: 'incident', ok: true, incidentEvents: 5, chainHead: await log.head(), firstBad: null });
        const scanned: number[] = [];
        expect(await log.scanVerifiedIncident('INC-B', (e) => scanned.push(e.seq))).toMatchObject({ ok: true, incidentEvents: 3 });
        expect(scanned).toEqual([3, 4, 8]);
      }));

      it('Given a payload edited behind the log’s back, Then both walks name that seq as a hash mismatch; the other incident still checks out', withLog(async ({ log, tamper }) => {
        await twoIncidents(log);
        await tamper((rows) => rows.map((r) => (r.seq === 6 ? { ...r, payload: r.payload.replace('paused', 'never paused') } : r)));
        const message = 'seq 6: content does not match its hash (edited after it was written)';
        expect((await log.verify()).firstBad).toEqual({ seq: 6, incidentId: 'INC-A', kind: 'hash-mismatch', message });
        expect((await log.readVerifiedIncident('INC-A')).report.firstBad).toEqual({ seq: 6, incidentId: 'INC-A', kind: 'hash-mismatch', message });
        expect((await log.verify({ incidentId: 'INC-A' })).firstBad).toMatchObject({ seq: 6, kind: 'hash-mismatch' });
        expect((await log.verify({ incidentId: 'INC-B' })).ok).toBe(true);
      }));

      it('Given another incident’s row deleted, Then the whole walk and the neighbouring incident’s walk report the gap', withLog(async ({ log, tamper }) => {
        await twoIncidents(log);
        await tamper((rows) => rows.filter((r) => r.seq !== 3));
        expect((await log.verify()).firstBad).toEqual({ seq: 3, incidentId: null, kind: 'gap', message: 'seq 3 is missing (the next row is seq 4): events were deleted' });
        expect((await log.readVerifiedIncident('INC-A')).report.firstBad).toEqual({
          seq: 3,
          incidentId: null,
          kind: 'gap',
          message: 'seq 3 is missing (the log goes on to seq 8): events were deleted',
        });
      }));

      it('Given a row planted at seq 0 for an incident, Then both walks call it a bad row', withLog(async ({ log, tamper }) => {
        await twoIncidents(log);
        await tamper((rows) => [{ ...rows[0]!, seq: 0 }, ...rows]);
        const bad = { seq: 0, incidentId: 'INC-A', kind: 'bad-row', message: 'seq 0: the log starts at seq 1; this row was inserted outside aiops' };
        expect((await log.verify()).firstBad).toEqual(bad);
        expect((await log.readVerifiedIncident('INC-A')).report.firstBad).toEqual(bad);
      }));

      it('Given the tail cut off, Then both walks report the missing tail against the recorded head', withLog(async ({ log, tamper }) => {
        await twoIncidents(log);
        await tamper((rows) => rows.filter((r) => r.seq < 7));
        const missing = { seq: 7, incidentId: null, kind: 'missing-tail', message: 'the chain ends at seq 6 but seq 8 was recorded as written: seq 7..8 are missing (truncated)' };
        expect((await log.verify()).firstBad).toEqual(missing);
        expect((await log.readVerifiedIncident('INC-B')).report.firstBad).toEqual(missing);
      }));

      it('Given an incident row rewritten and re-hashed, Then the incident walk catches the broken link to the next row', withLog(async ({ log, tamper }) => {
        await twoIncidents(log);
        await tamper((rows) =>
          rows.map((r) => {
            if (r.seq !== 2) return r;
            const payload = JSON.stringify({ text: 'rewritten', attachments: [] });
            return { ...r, payload, hash: eventHash(r.prev_hash, { seq: r.seq, incident_id: r.incident_id, ts: r.ts, actor: r.actor, role: r.role, type: r.type, payload: JSON.parse(payload), login: r.login }) };
          }),
        );
        const link = { seq: 3, incidentId: null, kind: 'broken-link', message: 'seq 3: prev_hash does not match the hash of seq 2' };
        expect((await log.readVerifiedIncident('INC-A')).report.firstBad).toEqual(link);
        expect((await log.verify()).firstBad).toEqual({ ...link, incidentId: 'INC-B' });
      }));
    });

    describe('close', () => {
      it('Given a closed log, Then calls on it reject', withLog(async ({ log }) => {
        await appendTo(log, 'INC-1', [opened('INC-1')]);
        await log.close();
        await expect(log.readIncident('INC-1')).rejects.toThrow();
        await expect(log.append([note('INC-1', 'late')], { incidentId: 'INC-1', lastSeq: 1 })).rejects.toThrow();
      }));
    });
  });
}
