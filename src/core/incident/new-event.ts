import type { EventPayloads, EventType, NewEvent } from '../events.js';

/** Who did it, when, and on which incident: the fields every event carries besides its payload. */
export interface EventMeta {
  incidentId: string;
  ts: string;
  actor: string;
  role: string | null;
}

/** The new event of one precise type, its payload checked against that type. */
export type NewEventOf<T extends EventType> = Extract<NewEvent, { type: T }>;

/** Builds a typed event: the payload is checked against `type`, the result narrowed to it. */
export function newEvent<T extends EventType>(type: T, meta: EventMeta, payload: EventPayloads[T]): NewEventOf<T> {
  // TypeScript cannot narrow a generic T through the mapped union; the signature is the check.
  return { type, incidentId: meta.incidentId, ts: meta.ts, actor: meta.actor, role: meta.role, payload } as NewEventOf<T>;
}
