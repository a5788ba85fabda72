import type { StoredEvent } from '../../core/events.js';
import { GENESIS_HASH, rowHashChecker } from '../../core/hash-chain.js';
import type { EventRow } from '../row-mapping.js';
import type { IncidentVerifyReport, VerifyProblem } from '../types.js';
import { compareRecordedHead } from './compare-head.js';
import { timeOrderChecker } from './time-order.js';

/**
 * What an adapter supplies for one incident's walk, all from one snapshot of the log: the
 * incident's rows in seq order (through its index, with no lower bound, so a row planted at seq 0
 * or below is read too; SQLite reads them a page at a time, so only a page is held at once),
 * the constant-size neighbours seq - 1 / seq + 1 of its rows, the log's last
 * row and the recorded chain head.
 */
export interface IncidentChainView {
  rows: Iterable<EventRow>;
  /** The stored hash of the row at `seq`, if there is one. */
  hashAt(seq: number): string | undefined;
  /** The stored prev_hash of the row at `seq`, if there is one. */
  prevHashAt(seq: number): string | undefined;
  last: { seq: number; hash: string } | null;
  recordedHead: { seq: number; hash: string } | undefined;
}

/**
 * Checks one incident in one pass, handing each event (payload parsed) to `onEvent`:
 * - each event's hash is recomputed from its content (DESIGN §5);
 * - its prev_hash equals the stored hash of seq - 1, which must exist (seq 1: the genesis hash);
 * - the stored prev_hash of seq + 1 equals its hash, unless it is the log's last row;
 * - the recorded chain head is the log's last row;
 * - the incident's timestamps never go backwards.
 * Other incidents' events are not re-hashed: this proves the incident's own events are intact and
 * linked into the chain, not that the rest of the log is (walkChain walks all of it).
 */
export function walkIncident(id: string, view: IncidentChainView, onEvent: (e: StoredEvent) => void): IncidentVerifyReport {
  const lastSeq = view.last?.seq ?? 0;
  const hashMatches = rowHashChecker();
  let count = 0;
  let firstBad: VerifyProblem | null = null;
  let prior: EventRow | null = null;
  const inOrder = timeOrderChecker();

  /** The link from `p` to seq + 1 when that row is not this incident's (or is gone). */
  const linkForward = (p: EventRow): VerifyProblem | null => {
    const seq = p.seq;
    const after = view.prevHashAt(seq + 1);
    if (after === undefined) {
      // The log's last row is compared with the recorded head below; any other row lost its successor.
      if (seq >= lastSeq) return null;
      return { seq: seq + 1, incidentId: null, kind: 'gap', message: `seq ${seq + 1} is missing (the log goes on to seq ${lastSeq}): events were deleted` };
    }
    return after === p.hash ? null : { seq: seq + 1, incidentId: null, kind: 'broken-link', message: `seq ${seq + 1}: prev_hash does not match the hash of seq ${seq}` };
  };

  /** The first problem with row `r`, given the rows before it were sound. */
  const check = (r: EventRow, parsed: boolean, payload: unknown): VerifyProblem | null => {
    const seq = r.seq;
    const incidentId = id;
    if (seq < 1) return { seq, incidentId, kind: 'bad-row', message: `seq ${seq}: the log starts at seq 1; this row was inserted outside aiops` };
    // seq - 1 is either the previous row read here, or another incident's row looked up by seq.
    const follows = prior !== null && prior.seq === seq - 1;
    const gapAfterPrior = prior && !follows ? linkForward(prior) : null;
    const before = seq === 1 ? GENESIS_HASH : follows ? prior!.hash : view.hashAt(seq - 1);
    prior = r;
    if (gapAfterPrior) return gapAfterPrior;
    if (before === undefined) return { seq: seq - 1, incidentId: null, kind: 'gap', message: `seq ${seq - 1} is missing (the next row is seq ${seq}): events were deleted` };
    if (r.prev_hash !== before) return { seq, incidentId, kind: 'broken-link', message: `seq ${seq}: prev_hash does not match the hash of seq ${seq - 1}` };
    if (!parsed) return { seq, incidentId, kind: 'bad-row', message: `seq ${seq}: payload is not valid JSON` };
    // The row itself holds the hashed fields (its incident_id is `id`: the rows are read by it).
    if (!hashMatches(r.prev_hash, r, r.hash, payload)) {
      return { seq, incidentId, kind: 'hash-mismatch', message: `seq ${seq}: content does not match its hash (edited after it was written)` };
    }
    return null;
  };

  for (const r of view.rows) {
    count += 1;
    let payload: unknown = null;
    let parsed = true;
    try {
      payload = JSON.parse(r.payload);
    } catch {
      parsed = false;
    }
    onEvent({ seq: r.seq, incidentId: id, ts: r.ts, actor: r.actor, role: r.role, type: r.type, payload, prevHash: r.prev_hash, hash: r.hash } as StoredEvent);
    if (!firstBad) firstBad = check(r, parsed, payload) ?? inOrder(r);
  }
  if (!firstBad && prior) firstBad = linkForward(prior) ?? compareRecordedHead(view.recordedHead, view.last);
  return {
    scope: 'incident',
    ok: firstBad === null,
    incidentEvents: count,
    chainHead: view.recordedHead ? { seq: view.recordedHead.seq, hash: view.recordedHead.hash } : null,
    firstBad,
  };
}
