import type { NewEvent, StoredEvent } from '../core/events.js';
import type { HashedFields } from '../core/hash-chain.js';

/** One row of the `events` table: the hashed fields (payload as JSON text) and the chain links. */
export interface EventRow extends HashedFields<string> {
  prev_hash: string;
  hash: string;
}

/**
 * A stored row as the event the app reads: camel-case links, payload parsed. A payload that is not
 * JSON (edited in the file; verify names it) is kept as its stored text, a string: a shape aiops
 * never writes, so readers that check shapes skip it, and `evidence export` still carries its bytes.
 */
export function rowToEvent(row: EventRow): StoredEvent {
  const event = {
    seq: row.seq,
    incidentId: row.incident_id,
    ts: row.ts,
    actor: row.actor,
    role: row.role,
    type: row.type,
    payload: parsedOrText(row.payload),
    prevHash: row.prev_hash,
    hash: row.hash,
  } as StoredEvent;
  // Only PostgreSQL rows carry a login; a SQLite event keeps exactly the keys it always had.
  if (row.login != null) event.login = row.login;
  return event;
}

function parsedOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The fields an event's hash covers, at the seq the log gives it. */
export function hashedFieldsOf(seq: number, e: NewEvent): HashedFields {
  return { seq, incident_id: e.incidentId, ts: e.ts, actor: e.actor, role: e.role, type: e.type, payload: e.payload };
}
