import type { NewEvent, StoredEvent } from '../core/events.js';

export interface EventRow {
  seq: number;
  incident_id: string;
  ts: string;
  actor: string;
  role: string | null;
  type: string;
  payload: string;
  prev_hash: string;
  hash: string;
}

export function rowToEvent(row: EventRow): StoredEvent {
  return {
    seq: row.seq,
    incidentId: row.incident_id,
    ts: row.ts,
    actor: row.actor,
    role: row.role,
    type: row.type,
    payload: JSON.parse(row.payload),
    prevHash: row.prev_hash,
    hash: row.hash,
  } as StoredEvent;
}

export function hashedFieldsOf(seq: number, e: NewEvent) {
  return { seq, incident_id: e.incidentId, ts: e.ts, actor: e.actor, role: e.role, type: e.type, payload: e.payload };
}
