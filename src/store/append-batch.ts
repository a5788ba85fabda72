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
    const p = JSON.parse(row.payload) as { alert?: { key?: unknown }; drill?: unknown };
    if (p.alert?.key === key && !p.drill) return row.incident_id;
  }
  return undefined;
}
