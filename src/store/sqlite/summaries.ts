import type Database from 'better-sqlite3';
import type { StoredEvent } from '../../core/events.js';
import { type SummaryTextMatch, summaryTextMatches } from '../../core/incident/summary-filter.js';
import { type IncidentSummary, SUMMARY_EVENT_TYPES, summarizeAll, summarizeLog } from '../../core/incident/summary-row.js';
import { summaryFromText } from '../../core/incident/summary-shape.js';
import { type EventRow, rowToEvent } from '../row-mapping.js';
import { summaryFromEvents } from '../rebuild-summary.js';

/** A statement prepared on first use: a reader of a log from before schema 2 never touches the derived tables. */
export function lazyStatement(db: Database.Database, sql: string, pluck = false): () => Database.Statement {
  let stmt: Database.Statement | undefined;
  return () => (stmt ??= pluck ? db.prepare(sql).pluck() : db.prepare(sql));
}

/** A place in the summary rows' opening order. */
export type Place = { seq: number; rowid: number };

/** A SQL string literal of trusted text (the listing's own substrings). */
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * The match as WHERE terms (each followed by AND), written out as literals: SQLite uses a partial
 * index only for a query whose terms are those of the index, which a bound parameter never is.
 */
export function matchSql(match: SummaryTextMatch): string {
  return [...match.has.map((s) => `instr(summary, ${literal(s)}) > 0 AND `), ...match.lacks.map((s) => `instr(summary, ${literal(s)}) = 0 AND `)].join('');
}

/**
 * 1 when a row's text would break the --json document the stream writes it into as stored: not
 * JSON, or not an object; else 0. Checked in SQL, so the stream finds such a
 * row (rare: an edited file) without parsing every row in JavaScript. Fields of another type than
 * aiops writes are left as stored here: checking each field in SQL (SUMMARY_FIELDS, one json_type
 * per field) made a 100,000-incident listing 2.48-2.58x the 10-incident one, against 1.88x for this
 * check (1.97x with the row's id checked too) and the 2x the listing is held to; the text listing checks every field as it parses, and
 * `evidence verify` names such a row. CASE, not AND: its branches are evaluated in order, and
 * json_type() fails on text that is not JSON.
 */
export const SUMMARY_NOT_WELL_FORMED = `CASE WHEN NOT json_valid(summary) THEN 1 WHEN json_type(summary) <> 'object' THEN 1 ELSE 0 END`;

/** Keeps incident_summaries in step with appends; call inside the append's transaction. */
export function prepareSummaries(db: Database.Database) {
  const get = lazyStatement(db, 'SELECT summary FROM incident_summaries WHERE incident_id = ?', true);
  const eventsOf = lazyStatement(db, 'SELECT * FROM events INDEXED BY events_incident WHERE incident_id = ? ORDER BY seq');
  const fromEvents = (id: string): IncidentSummary | undefined =>
    summaryFromEvents((function* () {
      for (const r of eventsOf().iterate(id) as IterableIterator<EventRow>) if (SUMMARY_EVENT_TYPES.has(r.type)) yield rowToEvent(r);
    })());
  const readRow = (id: string, text: string): IncidentSummary | undefined => summaryFromText(text, id) ?? fromEvents(id);
  const put = lazyStatement(
    db,
    'INSERT INTO incident_summaries (incident_id, opened_seq, summary) VALUES (?, ?, ?) ON CONFLICT(incident_id) DO UPDATE SET summary = excluded.summary',
  );
  const all = lazyStatement(db, 'SELECT incident_id, summary FROM incident_summaries ORDER BY opened_seq');
  const chunkStatements = new Map<string, { texts: Database.Statement; rows: Database.Statement; last: Database.Statement }>();
  const chunkStatementsFor = (match: SummaryTextMatch) => {
    const where = matchSql(match);
    let found = chunkStatements.get(where);
    if (!found) {
      // The page's texts joined inside SQLite and handed over as one string, not one per row.
      // (opened_seq, rowid) is the index's own order, so a page is a range read, never a sort;
      // the default listing's terms are those of the partial index incident_summaries_listed.
      // The subquery (a LIMIT keeps it a co-routine, never flattened) yields its rows in that
      // order and group_concat appends them as they come; an ORDER BY inside group_concat would
      // copy every page through a temporary B-tree to sort what is already sorted. The store
      // contract tests hold the order across pages.
      // A page with a row that is not well formed is read again row by row (rare: edited files).
      const after = `FROM incident_summaries WHERE ${where} (opened_seq, rowid) > (?, ?) ORDER BY opened_seq, rowid`;
      found = {
        texts: db.prepare(`SELECT group_concat(summary, ?), count(*), sum(bad) FROM (SELECT summary, ${SUMMARY_NOT_WELL_FORMED} AS bad ${after} LIMIT ?)`).raw(),
        rows: db.prepare(`SELECT incident_id, summary, ${SUMMARY_NOT_WELL_FORMED} AS bad ${after} LIMIT ?`).raw(),
        last: db.prepare(`SELECT opened_seq, rowid ${after} LIMIT 1 OFFSET ?`).raw(),
      };
      chunkStatements.set(where, found);
    }
    return found;
  };
  return {
    /** Folds the stored events of one incident into its row (nothing is read when none of them changes it). */
    update(stored: readonly StoredEvent[]): void {
      const relevant = stored.filter((e) => SUMMARY_EVENT_TYPES.has(e.type));
      if (relevant.length === 0) return;
      const id = relevant[0]!.incidentId;
      const text = get().get(id) as string | undefined;
      const prev = text === undefined ? undefined : summaryFromText(text, id);
      // A damaged row is folded again from the events, these ones included (inserted just before).
      const row = text !== undefined && prev === null ? fromEvents(id) : summarizeAll(prev ?? undefined, relevant);
      if (!row) return;
      const openedSeq = relevant[0]!.type === 'incident.opened' ? relevant[0]!.seq : 0;
      put().run(id, openedSeq, JSON.stringify(row));
    },
    all: (): IncidentSummary[] =>
      (all().all() as { incident_id: string; summary: string }[]).flatMap((r) => readRow(r.incident_id, r.summary) ?? []),
    /**
     * Up to `size` matching rows after the given place in opening order, their texts joined by
     * `separator`, and the place of the last; call inside a read transaction, so both statements
     * see one state of the log.
     */
    chunk(match: SummaryTextMatch, separator: string, after: Place, size: number): { text: string; count: number; last: Place } {
      const stmts = chunkStatementsFor(match);
      const [joined, count, bad] = stmts.texts.get(separator, after.seq, after.rowid, size) as [string | null, number, number | null];
      if (count === 0 || joined === null) return { text: '', count: 0, last: after };
      const [seq, rowid] = stmts.last.get(after.seq, after.rowid, count - 1) as [number, number];
      // A rebuilt row is shown only when it still matches: its stored text said nothing reliable.
      const text = bad
        ? (stmts.rows.all(after.seq, after.rowid, size) as [string, string, number][])
            .flatMap(([id, stored, notWellFormed]) => {
              if (!notWellFormed) return [stored];
              const row = fromEvents(id);
              const rebuilt = row && JSON.stringify(row);
              return rebuilt && summaryTextMatches(rebuilt, match) ? [rebuilt] : [];
            })
            .join(separator)
        : joined;
      return { text, count, last: { seq, rowid } };
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
