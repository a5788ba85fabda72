import type Database from 'better-sqlite3';
import type { StoredEvent } from '../../core/events.js';
import { type IncidentSummary, SUMMARY_EVENT_TYPES, summarizeAll, summarizeLog } from '../../core/incident/summary-row.js';
import { type EventRow, rowToEvent } from '../row-mapping.js';

/** A statement prepared on first use: a reader of a log from before schema 2 never touches the derived tables. */
export function lazyStatement(db: Database.Database, sql: string, pluck = false): () => Database.Statement {
  let stmt: Database.Statement | undefined;
  return () => (stmt ??= pluck ? db.prepare(sql).pluck() : db.prepare(sql));
}

/** Keeps incident_summaries in step with appends; call inside the append's transaction. */
export function prepareSummaries(db: Database.Database) {
  const get = lazyStatement(db, 'SELECT summary FROM incident_summaries WHERE incident_id = ?', true);
  const put = lazyStatement(
    db,
    'INSERT INTO incident_summaries (incident_id, opened_seq, summary) VALUES (?, ?, ?) ON CONFLICT(incident_id) DO UPDATE SET summary = excluded.summary',
  );
  const all = lazyStatement(db, 'SELECT summary FROM incident_summaries ORDER BY opened_seq', true);
  // (opened_seq, rowid) is the index's own order: each page is a range read of it, never a sort.
  const page = lazyStatement(
    db,
    'SELECT opened_seq, rowid AS rid, summary FROM incident_summaries INDEXED BY incident_summaries_opened WHERE (opened_seq, rowid) > (?, ?) ORDER BY opened_seq, rowid LIMIT ?',
  );
  return {
    /** Folds the stored events of one incident into its row (nothing is read when none of them changes it). */
    update(stored: readonly StoredEvent[]): void {
      const relevant = stored.filter((e) => SUMMARY_EVENT_TYPES.has(e.type));
      if (relevant.length === 0) return;
      const id = relevant[0]!.incidentId;
      const text = get().get(id) as string | undefined;
      const row = summarizeAll(text === undefined ? undefined : (JSON.parse(text) as IncidentSummary), relevant);
      if (!row) return;
      const openedSeq = relevant[0]!.type === 'incident.opened' ? relevant[0]!.seq : 0;
      put().run(id, openedSeq, JSON.stringify(row));
    },
    all: (): IncidentSummary[] => (all().all() as string[]).map((t) => JSON.parse(t) as IncidentSummary),
    /** Up to `size` rows' texts after the given place in opening order, and the place of the last. */
    page(after: { seq: number; rowid: number }, size: number): { texts: string[]; last: { seq: number; rowid: number } } {
      const rows = page().raw().all(after.seq, after.rowid, size) as [number, number, string][];
      const end = rows.at(-1);
      return { texts: rows.map((r) => r[2]), last: end ? { seq: end[0], rowid: end[1] } : after };
    },
  };
}

/** Fills incident_summaries from a log written before it existed: one pass over the summary event types. */
export function backfillSummaries(db: Database.Database): void {
  const types = [...SUMMARY_EVENT_TYPES];
  const rows = db.prepare(`SELECT * FROM events WHERE type IN (${types.map(() => '?').join(', ')}) ORDER BY seq`).iterate(...types) as IterableIterator<EventRow>;
  const byIncident = summarizeLog((function* () {
    for (const r of rows) yield rowToEvent(r);
  })());
  const put = db.prepare('INSERT INTO incident_summaries (incident_id, opened_seq, summary) VALUES (?, ?, ?)');
  for (const [id, { openedSeq, row }] of byIncident) if (row) put.run(id, openedSeq, JSON.stringify(row));
}
