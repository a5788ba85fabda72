import { createHash, hash } from 'node:crypto';
import { canonicalEventEnvelope, canonicalEventText, canonicalJsonText } from './canonical-json.js';

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

/**
 * What the log stores for a new event: its payload as canonical JSON text, and its hash. The
 * hashed text is built around the stored payload text, so the payload is serialised once.
 */
export function sealEvent(prevHash: string, fields: HashedFields): { payloadText: string; hash: string } {
  const payloadText = canonicalJson(fields.payload);
  const text = canonicalEventEnvelope(fields, payloadText);
  return { payloadText, hash: text === undefined ? eventHash(prevHash, fields) : hash('sha256', prevHash + text, 'hex') };
}

/**
 * Whether a stored row's hash covers its content (DESIGN §5). aiops stores payloads as
 * canonical JSON text (sealEvent), so the row's own text is hashed as it stands. A payload whose
 * text is not canonical (a log written before payloads were stored canonically, or text
 * re-serialised since) is judged by re-canonicalising `payload()`, the parsed text.
 * Only a row whose hash was computed over exactly its bytes passes the first test: a forger who
 * can do that can equally write the canonical form, so it accepts nothing the full rule would
 * not let a forger produce; `--head` (a head kept elsewhere) is what catches either.
 */
export function storedHashMatches(prevHash: string, fields: HashedFields<string>, storedHash: string, payload: () => unknown): boolean {
  const text = canonicalEventEnvelope(fields, fields.payload);
  if (text !== undefined && hash('sha256', prevHash + text, 'hex') === storedHash) return true;
  try {
    const f = fields;
    return eventHash(prevHash, { seq: f.seq, incident_id: f.incident_id, ts: f.ts, actor: f.actor, role: f.role, type: f.type, payload: payload() }) === storedHash;
  } catch {
    // Content with no canonical form (a lone surrogate edited in) was never hashed by aiops.
    return false;
  }
}
