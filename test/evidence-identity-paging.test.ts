import { describe, expect, it } from 'vitest';
import { checkLogActors } from '../src/app/evidence.js';
import type { StoredEvent } from '../src/core/events.js';
import type { RosterFile } from '../src/core/schemas/roster.js';
import type { IncidentRead } from '../src/store/types.js';

// evidence verify's identity check on PostgreSQL reads the log a page at a time: memory stays flat
// however long the log, and nothing is missed at a page boundary.
const roster = { people: { ana: { name: 'Ana', roles: ['commander'] }, ben: { name: 'Ben', roles: ['reviewer'], login: 'ben_db' } } } as unknown as RosterFile;

function event(seq: number, incidentId: string, actor: string, login: string, type = 'note.added', payload: unknown = { text: 'n', attachments: [] }): StoredEvent {
  return { seq, incidentId, ts: '2026-03-01T09:00:00.000Z', actor, role: null, type, payload, prevHash: '', hash: '', login } as unknown as StoredEvent;
}

/** A log of these events that records the size of every page asked for and handed out. */
function pagedLog(events: StoredEvent[]) {
  const pages: number[] = [];
  const hand = (rows: StoredEvent[]) => (pages.push(rows.length), rows);
  return {
    pages,
    readSince: async (seq: number, limit: number) => hand(events.filter((e) => e.seq > seq).slice(0, limit)),
    readIncident: async (id: string, read: IncidentRead = {}) => hand(events.filter((e) => e.incidentId === id && e.seq > (read.afterSeq ?? 0)).slice(0, read.limit)),
  };
}

describe('evidence verify: the identity check pages the log', () => {
  const events = [
    event(0, 'INC-0', 'mallory', 'ana'), // a row planted at seq 0 is read too
    event(1, 'DRILL-1', 'ana', 'ana', 'incident.opened', { drill: { auto: true } }),
    ...Array.from({ length: 10 }, (_, i) => event(i + 2, i % 2 ? 'DRILL-1' : 'INC-1', i % 2 ? 'ben' : 'ana', 'ana')),
    event(12, 'INC-1', 'ben', 'ben_db'),
    event(13, 'INC-1', 'ana', 'ben_db'),
    event(14, 'INC-1', 'system', 'ben_db'),
  ];

  it('Given a log longer than a page, Then no page is bigger than the page size and every mismatch is found, scripted drills aside', async () => {
    const log = pagedLog(events);
    const r = await checkLogActors(log, roster, undefined, 4);
    expect(Math.max(...log.pages)).toBeLessThanOrEqual(4);
    expect(log.pages.reduce((a, b) => a + b, 0)).toBe(events.length);
    expect(r.problems.map((p) => p.seq)).toEqual([0, 13]);
    expect(r.checked).toBe(events.length - 6);
  });

  it('Given one incident, Then only its events are read, page by page', async () => {
    const log = pagedLog(events);
    const r = await checkLogActors(log, roster, 'INC-1', 2);
    expect(Math.max(...log.pages)).toBeLessThanOrEqual(2);
    expect(r).toMatchObject({ checked: 8, problems: [{ seq: 13, actor: 'ana', login: 'ben_db', person: 'ben' }] });
  });
});
