import { canonicalJsonText } from '../core/canonical-json.js';
import { decodeSnapshot, encodeSnapshot } from '../core/incident/snapshot.js';
import { foldEvents } from '../core/reducer.js';
import type { IncidentState } from '../core/incident-state.js';
import type { EventLog } from '../store/types.js';

/** A stored snapshot commands would trust that is not the fold of the events it claims to cover. */
export interface SnapshotProblem {
  incidentId: string;
  seq: number;
  kind: 'snapshot-mismatch';
  message: string;
}

const PAGE = 2_000;

/**
 * Each incident's stored snapshot (one incident, or every listed one) against a fold of its events
 * up to the seq it claims. Commands start from a snapshot whose checksum holds and whose last hash
 * is the event's at that seq; the checksum is not keyed, so a state edited in the file with its sum
 * recomputed would decide who may act while the chain still verifies. This names it. A snapshot
 * commands would ignore (another format, a bad sum, another point of the chain) is not checked.
 */
export async function verifySnapshots(log: Pick<EventLog, 'readSnapshot' | 'readIncident' | 'summaries'>, incidentId?: string): Promise<{ checked: number; problems: SnapshotProblem[] }> {
  const ids = incidentId ? [incidentId] : (await log.summaries()).map((s) => s.id);
  const problems: SnapshotProblem[] = [];
  let checked = 0;
  for (const id of ids) {
    const stored = await log.readSnapshot(id);
    const claim = stored ? decodeSnapshot(stored.text, id) : null;
    if (!claim) continue;
    const folded = await foldUpTo(log, id, claim.lastSeq);
    if (!folded || folded.hash !== claim.lastHash) continue;
    checked += 1;
    if (stateOf(encodeSnapshot(folded.state, claim.lastHash)) !== stateOf(stored!.text)) {
      problems.push({ incidentId: id, seq: claim.lastSeq, kind: 'snapshot-mismatch', message: `the stored snapshot of ${id} (as of seq ${claim.lastSeq}) is not the fold of its events: it was edited in the file, and commands on ${id} start from it` });
    }
  }
  return { checked, problems };
}

/**
 * A snapshot's state in canonical JSON: the same state however it was reached (folded at once, or
 * from an earlier snapshot a command at a time) reads the same, key order and absent keys aside.
 */
function stateOf(snapshot: string): string | undefined {
  return canonicalJsonText(JSON.parse(snapshot.slice(snapshot.indexOf('\n') + 1)));
}

/** The incident folded from its events with seq ≤ `lastSeq`, and the hash of the last of them. */
async function foldUpTo(log: Pick<EventLog, 'readIncident'>, id: string, lastSeq: number): Promise<{ state: IncidentState; hash: string } | null> {
  let state: IncidentState | null = null;
  let hash = '';
  let after = 0;
  for (;;) {
    const page = await log.readIncident(id, { afterSeq: after, beforeSeq: lastSeq + 1, limit: PAGE });
    state = foldEvents(state, page);
    if (page.length) ({ seq: after, hash } = page.at(-1)!);
    if (page.length < PAGE) break;
  }
  return state && after === lastSeq ? { state, hash } : null;
}
