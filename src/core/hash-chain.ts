import { createHash, hash } from 'node:crypto';
import { canonicalEventText, canonicalJsonText } from './canonical-json.js';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields an event hash covers, in the shape DESIGN §5 fixes (an `events` row holds them with the payload as JSON text). */
export interface HashedFields<Payload = unknown> {
  seq: number;
  incident_id: string;
  ts: string;
  actor: string;
  role: string | null;
  type: string;
  payload: Payload;
}

/** RFC 8785 canonical JSON; throws on values JSON cannot represent. */
export function canonicalJson(value: unknown): string {
  const out = canonicalJsonText(value);
  if (out === undefined) throw new TypeError('value has no canonical JSON form');
  return out;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** hash = sha256 hex of prev_hash + canonical JSON of {seq, incident_id, ts, actor, role, type, payload}. */
export function eventHash(prevHash: string, fields: HashedFields): string {
  const text = canonicalEventText(fields);
  if (text === undefined) throw new TypeError('event has no canonical JSON form');
  // One-shot hashing of the concatenation: the same digest as two updates, with less overhead per event.
  return hash('sha256', prevHash + text, 'hex');
}
