import { GENESIS_HASH, matchesFullRule } from '../../core/hash-chain.js';
import { SUMMARY_EVENT_TYPES } from '../../core/incident/summary-row.js';
import type { EventRow } from '../row-mapping.js';
import type { VerifyProblem, VerifyReport } from '../types.js';
import { compareRecordedHead } from './compare-head.js';
import { type StoredSummaryRow, summaryDeriver } from './summary-check.js';
import { timeOrderChecker } from './time-order.js';

/** What a whole-chain walk is asked: count one incident's events, and look for a head hash kept elsewhere. */
export interface ChainWalkOptions {
  incidentId?: string;
  head?: string;
  /** Fold the listing rows from the events as they pass, to compare with the stored rows at the end. */
  summaries?: boolean;
}

/** The stored listing rows, read in the walk's snapshot (SQLite: once its rows are read); null: the log has no such table. */
export type StoredSummaries = Iterable<StoredSummaryRow> | null;

/**
 * Walks the whole chain over rows in seq order: gap-free seq, each prev_hash equal to the previous
 * hash, each hash recomputed by the full rule, each incident's timestamps never going backwards;
 * then the recorded head, optionally a kept head, and (opts.summaries) the stored listing rows
 * against those the events give.
 * Pure: the adapter supplies the rows, the recorded head and the listing rows (read in the same snapshot).
 */
export function walkChain(
  rows: Iterable<EventRow>,
  recordedHead: { seq: number; hash: string } | undefined,
  opts: ChainWalkOptions = {},
  summaries: () => StoredSummaries = () => null,
): VerifyReport {
  const walker = chainWalker(opts);
  for (const row of rows) walker.push(row);
  return walker.finish(recordedHead, summaries());
}

/** The same walk fed a row at a time, for adapters that read the log in pages asynchronously (PostgreSQL). */
export function chainWalker(opts: ChainWalkOptions = {}): { push(row: EventRow): void; finish(recordedHead: { seq: number; hash: string } | undefined, summaries?: StoredSummaries): VerifyReport } {
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  let count = 0;
  let incidentEvents = 0;
  let firstBad: VerifyProblem | null = null;
  let last: { seq: number; hash: string } | null = null;
  let headFound: { seq: number } | null = null;
  const keptHead = opts.head?.toLowerCase();
  const inOrder = timeOrderChecker();
  const derive = opts.summaries ? summaryDeriver() : null;
  const push = (row: EventRow): void => {
    count++;
    if (row.incident_id === opts.incidentId) incidentEvents++;
    // Parsed once, for the hash check and the listing row; not at all past the first bad row unless a listing row needs it.
    const wanted = !firstBad || (derive !== null && SUMMARY_EVENT_TYPES.has(row.type));
    const payload = wanted ? parsePayload(row.payload) : NOT_JSON;
    if (!firstBad) firstBad = checkRow(row, expectedSeq, prev, payload) ?? inOrder(row);
    if (derive && payload !== NOT_JSON) derive.push(row, payload);
    if (keptHead && row.hash === keptHead) headFound = { seq: row.seq };
    expectedSeq = row.seq + 1;
    prev = row.hash;
    last = { seq: row.seq, hash: row.hash };
  };
  const finish = (recordedHead: { seq: number; hash: string } | undefined, summaries: StoredSummaries = null): VerifyReport => {
    if (!firstBad) firstBad = compareRecordedHead(recordedHead, last);
    const report: VerifyReport = {
      ok: firstBad === null,
      events: count,
      incidentEvents: opts.incidentId ? incidentEvents : null,
      head: last,
      firstBad,
    };
    if (keptHead) {
      const found = headFound as { seq: number } | null;
      report.headCheck = { hash: keptHead, found: found !== null, seq: found?.seq ?? null };
      if (!found && report.ok) {
        report.ok = false;
        report.firstBad = {
          seq: 0,
          incidentId: null,
          kind: 'head-not-found',
          message: `the head hash ${keptHead} you kept is not in this chain: the log was replaced or rewritten`,
        };
      }
    }
    if (derive && summaries) {
      report.summaries = derive.compare(summaries);
      if (report.summaries.problems.length > 0) report.ok = false;
    }
    return report;
  };
  return { push, finish };
}

/** A payload that did not parse. */
const NOT_JSON = Symbol('not JSON');

function parsePayload(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

function checkRow(row: EventRow, expectedSeq: number, prev: string, payload: unknown): VerifyProblem | null {
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
  if (payload === NOT_JSON) return { ...at, kind: 'bad-row', message: `seq ${row.seq}: payload is not valid JSON` };
  // The full rule of DESIGN §5 (the canonical form of the parsed payload), as an auditor
  // recomputing it from `aiops evidence export` would: not the stored text as it stands.
  if (!matchesFullRule(row.prev_hash, { seq: row.seq, incident_id: row.incident_id, ts: row.ts, actor: row.actor, role: row.role, type: row.type, payload, login: row.login }, row.hash)) {
    return { ...at, kind: 'hash-mismatch', message: `seq ${row.seq}: content does not match its hash (edited after it was written)` };
  }
  return null;
}
