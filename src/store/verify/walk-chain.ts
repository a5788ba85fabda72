import { GENESIS_HASH, matchesFullRule } from '../../core/hash-chain.js';
import type { EventRow } from '../row-mapping.js';
import type { VerifyProblem, VerifyReport } from '../types.js';
import { compareRecordedHead } from './compare-head.js';
import { timeOrderChecker } from './time-order.js';

/** What a whole-chain walk is asked: count one incident's events, and look for a head hash kept elsewhere. */
export interface ChainWalkOptions {
  incidentId?: string;
  head?: string;
}

/**
 * Walks the whole chain over rows in seq order: gap-free seq, each prev_hash equal to the previous
 * hash, each hash recomputed by the full rule, each incident's timestamps never going backwards;
 * then the recorded head, and optionally a kept head.
 * Pure: the adapter supplies the rows and the recorded head (read in the same snapshot).
 */
export function walkChain(rows: Iterable<EventRow>, recordedHead: { seq: number; hash: string } | undefined, opts: ChainWalkOptions = {}): VerifyReport {
  const walker = chainWalker(opts);
  for (const row of rows) walker.push(row);
  return walker.finish(recordedHead);
}

/** The same walk fed a row at a time, for adapters that read the log in pages asynchronously (PostgreSQL). */
export function chainWalker(opts: ChainWalkOptions = {}): { push(row: EventRow): void; finish(recordedHead: { seq: number; hash: string } | undefined): VerifyReport } {
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  let count = 0;
  let incidentEvents = 0;
  let firstBad: VerifyProblem | null = null;
  let last: { seq: number; hash: string } | null = null;
  let headFound: { seq: number } | null = null;
  const wanted = opts.head?.toLowerCase();
  const inOrder = timeOrderChecker();
  const push = (row: EventRow): void => {
    count++;
    if (row.incident_id === opts.incidentId) incidentEvents++;
    if (!firstBad) firstBad = checkRow(row, expectedSeq, prev) ?? inOrder(row);
    if (wanted && row.hash === wanted) headFound = { seq: row.seq };
    expectedSeq = row.seq + 1;
    prev = row.hash;
    last = { seq: row.seq, hash: row.hash };
  };
  const finish = (recordedHead: { seq: number; hash: string } | undefined): VerifyReport => {
    if (!firstBad) firstBad = compareRecordedHead(recordedHead, last);
    const report: VerifyReport = {
      ok: firstBad === null,
      events: count,
      incidentEvents: opts.incidentId ? incidentEvents : null,
      head: last,
      firstBad,
    };
    if (wanted) {
      const found = headFound as { seq: number } | null;
      report.headCheck = { hash: wanted, found: found !== null, seq: found?.seq ?? null };
      if (!found && report.ok) {
        report.ok = false;
        report.firstBad = {
          seq: 0,
          incidentId: null,
          kind: 'head-not-found',
          message: `the head hash ${wanted} you kept is not in this chain: the log was replaced or rewritten`,
        };
      }
    }
    return report;
  };
  return { push, finish };
}

function checkRow(row: EventRow, expectedSeq: number, prev: string): VerifyProblem | null {
  const at = { seq: row.seq, incidentId: row.incident_id };
  if (row.seq < 1) {
    return { ...at, kind: 'bad-row', message: `seq ${row.seq}: the log starts at seq 1; this row was inserted outside aiops` };
  }
  if (row.seq !== expectedSeq) {
    return {
      seq: expectedSeq,
      incidentId: null,
      kind: 'gap',
      message: `seq ${expectedSeq} is missing (the next row is seq ${row.seq}): events were deleted`,
    };
  }
  if (row.prev_hash !== prev) {
    return { ...at, kind: 'broken-link', message: `seq ${row.seq}: prev_hash does not match the hash of seq ${row.seq - 1}` };
  }
  let payload: unknown;
  try {
    payload = JSON.parse(row.payload);
  } catch {
    return { ...at, kind: 'bad-row', message: `seq ${row.seq}: payload is not valid JSON` };
  }
  // The full rule of DESIGN §5 (the canonical form of the parsed payload), as an auditor
  // recomputing it from `aiops evidence export` would: not the stored text as it stands.
  if (!matchesFullRule(row.prev_hash, { seq: row.seq, incident_id: row.incident_id, ts: row.ts, actor: row.actor, role: row.role, type: row.type, payload, login: row.login }, row.hash)) {
    return { ...at, kind: 'hash-mismatch', message: `seq ${row.seq}: content does not match its hash (edited after it was written)` };
  }
  return null;
}
