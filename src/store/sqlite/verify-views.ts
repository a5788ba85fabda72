import type Database from 'better-sqlite3';
import type { EventRow } from '../row-mapping.js';
import type { IncidentChainView } from '../verify/walk-incident.js';

/**
 * Rows are read a page at a time as arrays (`raw`), each made the walk's row object here: a
 * 10,000-event export spends ~15% less CPU than stepping through SQLite's row objects one by
 * one (better-sqlite3 builds each object property by property; a literal of one shape is
 * cheaper), measured side by side. The first page has no lower bound, so a row planted at seq
 * 0 or below is read (and found wrong) too.
 */
const PAGE = 1000;
const COLUMNS = 'seq, ts, actor, role, type, payload, prev_hash, hash';
const FIRST_PAGE = `SELECT ${COLUMNS} FROM events INDEXED BY events_incident WHERE incident_id = ? ORDER BY seq LIMIT ${PAGE}`;
const NEXT_PAGE = `SELECT ${COLUMNS} FROM events INDEXED BY events_incident WHERE incident_id = ? AND seq > ? ORDER BY seq LIMIT ${PAGE}`;
type RawRow = [seq: number, ts: string, actor: string, role: string | null, type: string, payload: string, prevHash: string, hash: string];

/** Reads of the chain's ends, shared by both walks. */
export function prepareChainEnds(db: Database.Database) {
  const last = db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1');
  const recorded = db.prepare('SELECT seq, hash FROM chain_head WHERE id = 1');
  return {
    last: () => (last.get() as { seq: number; hash: string } | undefined) ?? null,
    recordedHead: () => recorded.get() as { seq: number; hash: string } | undefined,
  };
}

/**
 * One incident's rows for the pure walk, through the (incident_id, seq) index, plus its neighbours
 * by primary key. Call inside a read transaction so every part comes from one snapshot.
 */
export function prepareIncidentView(db: Database.Database): (id: string) => IncidentChainView {
  const ends = prepareChainEnds(db);
  const hashAt = db.prepare('SELECT hash FROM events WHERE seq = ?').pluck();
  const prevHashAt = db.prepare('SELECT prev_hash FROM events WHERE seq = ?').pluck();
  const firstPage = db.prepare(FIRST_PAGE).raw(true);
  const nextPage = db.prepare(NEXT_PAGE).raw(true);
  function* rowsOf(id: string): Generator<EventRow> {
    let page = firstPage.all(id) as RawRow[];
    while (page.length > 0) {
      for (const r of page) yield { seq: r[0], incident_id: id, ts: r[1], actor: r[2], role: r[3], type: r[4], payload: r[5], prev_hash: r[6], hash: r[7] };
      if (page.length < PAGE) return;
      page = nextPage.all(id, page[page.length - 1]![0]) as RawRow[];
    }
  }
  return (id) => ({
    rows: rowsOf(id),
    hashAt: (seq) => hashAt.get(seq) as string | undefined,
    prevHashAt: (seq) => prevHashAt.get(seq) as string | undefined,
    last: ends.last(),
    recordedHead: ends.recordedHead(),
  });
}
