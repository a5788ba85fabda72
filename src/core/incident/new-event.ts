import type { EventPayloads, EventType, NewEvent } from '../events.js';

/** Who wrote an event, when, and for which incident. */
export interface EventMeta {
  incidentId: string;
  ts: string;
  actor: string;
  role: string | null;
}

/** A new event of one type, its payload checked against that type. */
export function newEvent<T extends EventType>(type: T, meta: EventMeta, payload: EventPayloads[T]): Extract<NewEvent, { type: T }> {
  return { type, ...meta, payload } as Extract<NewEvent, { type: T }>;
}
