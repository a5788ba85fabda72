import { OperationFailed } from '../core/errors.js';
import type { NewEvent } from '../core/events.js';
import type { AppendExpectation } from './types.js';

/** An append writes to the one incident its expectation names; anything else is a bug in the caller. */
export function checkAppendBatch(events: readonly NewEvent[], expect: AppendExpectation): void {
  if (!Number.isInteger(expect.lastSeq) || expect.lastSeq < 0) {
    throw new Error(`append: expected last seq must be a whole number ≥ 0, got ${expect.lastSeq}`);
  }
  for (const e of events) {
    if (e.incidentId !== expect.incidentId) {
      throw new Error(`append: an event of incident ${e.incidentId} in an append expecting incident ${expect.incidentId}`);
    }
  }
}

/**
 * The incident, among `opened` (incident.opened rows written after the caller looked), that was
 * opened for the alert group `key`; drills never join an alert group. See AppendExpectation.newGroup.
 */
export function groupOpenedIn(opened: readonly { incident_id: string; payload: string }[], key: string): string | undefined {
  for (const row of opened) {
    let p: { alert?: { key?: unknown }; drill?: unknown } | null;
    try {
      p = JSON.parse(row.payload) as typeof p;
    } catch {
      // An opening edited into text that is no JSON joins no group (evidence verify names it); the alert still lands.
      continue;
    }
    if (p?.alert?.key === key && !p.drill) return row.incident_id;
  }
  return undefined;
}

/**
 * Refuses to chain onto a log whose last row is not the head aiops recorded with it: a row added,
 * removed or replaced in the file would otherwise be sealed under new events (and the recorded
 * head moved past it, so verify could no longer tell). Every append since schema 1 records the
 * head in its own transaction (on PostgreSQL, the owner's trigger on each row), so a log with rows
 * and no recorded head had it deleted: chaining on would record a new one and hide whatever was
 * cut off with it. Only an empty log has none. Call with the append's lock held.
 */
export function assertHeadRecorded(last: { seq: number; hash: string } | undefined, recorded: { seq: number; hash: string } | undefined): void {
  if (recorded ? last && last.seq === recorded.seq && last.hash === recorded.hash : !last) return;
  const found = last ? `seq ${last.seq}` : 'none';
  throw new OperationFailed(
    recorded
      ? `the evidence log's last row (${found}) is not the chain head aiops recorded (seq ${recorded.seq}): rows were added, removed or replaced outside aiops; nothing was written`
      : `the evidence log's last row (${found}) has no chain head recorded with it: the recorded head was removed outside aiops, so rows may have been cut off the end; nothing was written`,
    { hint: 'aiops evidence verify names the damage; aiops export ID writes a postmortem with what can still be read' },
  );
}
