import type { EventOf } from '../events.js';
import { readablePayload } from '../payload-shape.js';
import { textOf } from '../text-of.js';
import type { IncidentNote } from './state.js';

/**
 * A note as the incident shows it, from its event. Edited by hand into another shape (its text an
 * object, its payload null), it is shown as the JSON stored, never as "[object Object]" or a crash.
 */
export function noteOf(e: EventOf<'note.added'>): IncidentNote {
  const base = { seq: e.seq, ts: e.ts, actor: e.actor };
  if (readablePayload(e)) return { ...base, text: e.payload.text, attachments: e.payload.attachments };
  const p = e.payload as unknown;
  const text = p !== null && typeof p === 'object' && 'text' in p ? textOf(p.text) : textOf(p);
  return { ...base, text, attachments: [] };
}
