import type Database from 'better-sqlite3';
import type { StoredEvent } from '../core/events.js';
import { GENESIS_HASH, rowHashChecker } from '../core/hash-chain.js';
import type { IncidentVerifyReport, VerifyProblem } from './types.js';
import { compareRecordedHead } from './verify-chain.js';

/** A row of the incident (its incident_id is the one asked for, so it is not read again). */
type Row = [seq: number, ts: string, actor: string, role: string | null, type: string, payload: string, prevHash: string, hash: string];
const SEQ = 0;
const PREV_HASH = 6;
const HASH = 7;

/** Rows are read a page at a time: a few ms faster than stepping one by one, and memory stays bounded. */
const PAGE = 1000;
const COLUMNS = 'seq, ts, actor, role, type, payload, prev_hash, hash';
/** The first page has no lower bound: a row planted at seq 0 or below must be read (and found wrong) too. */
const FIRST_PAGE = `SELECT ${COLUMNS} FROM events WHERE incident_id = ? ORDER BY seq LIMIT ${PAGE}`;
const NEXT_PAGE = `SELECT ${COLUMNS} FROM events WHERE incident_id = ? AND seq > ? ORDER BY seq LIMIT ${PAGE}`;

/**
 * Reads one incident and checks it in the same pass, inside one read transaction:
 * - each event's hash is recomputed from its content (DESIGN §5);
 * - its prev_hash equals the stored hash of seq - 1, which must exist (seq 1: the genesis hash);
 * - the stored prev_hash of seq + 1 equals its hash, unless it is the log's last row;
 * - the recorded chain head is the log's last row.
 * Events of other incidents are not re-hashed: this proves the incident's own events are intact
 * and linked into the chain, not that the rest of the log is (`verify()` walks all of it).
 * Returns the events, payloads parsed, so the caller does not read them again.
 */
export function readVerifiedIncident(db: Database.Database, id: string): { events: StoredEvent[]; report: IncidentVerifyReport } {
  const events: StoredEvent[] = [];
  const report = scanVerifiedIncident(db, id, (e) => events.push(e));
  return { events, report };
}

/** readVerifiedIncident, handing each event to `onEvent` in seq order instead of keeping them all. */
export function scanVerifiedIncident(db: Database.Database, id: string, onEvent: (e: StoredEvent) => void): IncidentVerifyReport {
  const hashAt = db.prepare('SELECT hash FROM events WHERE seq = ?').pluck();
  const prevHashAt = db.prepare('SELECT prev_hash FROM events WHERE seq = ?').pluck();
  const scan = db.transaction((): IncidentVerifyReport => {
    const last = (db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined) ?? null;
    const head = db.prepare('SELECT seq, hash FROM chain_head WHERE id = 1').get() as { seq: number; hash: string } | undefined;
    const lastSeq = last?.seq ?? 0;
    /** The link from `p` to seq + 1 when that row is not this incident's (or is gone). */
    const linkForward = (p: Row): VerifyProblem | null => {
      const seq = p[SEQ];
      const after = prevHashAt.get(seq + 1) as string | undefined;
      if (after === undefined) {
        // The log's last row is compared with the recorded head below; any other row lost its successor.
        if (seq >= lastSeq) return null;
        return { seq: seq + 1, incidentId: null, kind: 'gap', message: `seq ${seq + 1} is missing (the log goes on to seq ${lastSeq}): events were deleted` };
      }
      return after === p[HASH] ? null : { seq: seq + 1, incidentId: null, kind: 'broken-link', message: `seq ${seq + 1}: prev_hash does not match the hash of seq ${seq}` };
    };
    const hashMatches = rowHashChecker();
    let count = 0;
    let firstBad: VerifyProblem | null = null;
    let prior: Row | null = null;
    /** The first problem with row `r`, given the rows before it were sound. */
    const check = (r: Row, parsed: boolean, payload: unknown): VerifyProblem | null => {
      const seq = r[SEQ];
      const incidentId = id;
      if (seq < 1) return { seq, incidentId, kind: 'bad-row', message: `seq ${seq}: the log starts at seq 1; this row was inserted outside aiops` };
      // seq - 1 is either the previous row read here, or another incident's row looked up by seq.
      const follows = prior !== null && prior[SEQ] === seq - 1;
      const gapAfterPrior = prior && !follows ? linkForward(prior) : null;
      const before = seq === 1 ? GENESIS_HASH : follows ? prior![HASH] : (hashAt.get(seq - 1) as string | undefined);
      prior = r;
      if (gapAfterPrior) return gapAfterPrior;
      if (before === undefined) return { seq: seq - 1, incidentId: null, kind: 'gap', message: `seq ${seq - 1} is missing (the next row is seq ${seq}): events were deleted` };
      if (r[PREV_HASH] !== before) return { seq, incidentId, kind: 'broken-link', message: `seq ${seq}: prev_hash does not match the hash of seq ${seq - 1}` };
      if (!parsed) return { seq, incidentId, kind: 'bad-row', message: `seq ${seq}: payload is not valid JSON` };
      const [, ts, actor, role, type, text, prevHash, hash] = r;
      if (!hashMatches(prevHash, { seq, incident_id: id, ts, actor, role, type, payload: text }, hash, payload)) {
        return { seq, incidentId, kind: 'hash-mismatch', message: `seq ${seq}: content does not match its hash (edited after it was written)` };
      }
      return null;
    };
    const firstPage = db.prepare(FIRST_PAGE).raw(true);
    const nextPage = db.prepare(NEXT_PAGE).raw(true);
    let rows = firstPage.all(id) as Row[];
    for (;;) {
      for (const r of rows) {
        count += 1;
        const [seq, ts, actor, role, type, text, prevHash, hash] = r;
        let payload: unknown = null;
        let parsed = true;
        try {
          payload = JSON.parse(text);
        } catch {
          parsed = false;
        }
        onEvent({ seq, incidentId: id, ts, actor, role, type, payload, prevHash, hash } as StoredEvent);
        if (!firstBad) firstBad = check(r, parsed, payload);
      }
      if (rows.length < PAGE) break;
      rows = nextPage.all(id, rows[rows.length - 1]![SEQ]) as Row[];
    }
    if (!firstBad && prior) firstBad = linkForward(prior) ?? compareRecordedHead(head, last);
    return {
      scope: 'incident',
      ok: firstBad === null,
      incidentEvents: count,
      chainHead: head ? { seq: head.seq, hash: head.hash } : null,
      firstBad,
    };
  });
  return scan();
}
