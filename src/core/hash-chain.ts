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
  /**
   * PostgreSQL rows only: the database login that wrote the row (the server's session_user). When
   * present it is hashed too (canonical key order puts it between incident_id and payload); SQLite
   * rows have none and keep the seven-field rule, so one verifier reads both.
   */
  login?: string | null;
}

/** Whether `v` is a sha256 as aiops writes one: 64 lower-case hex digits. */
export function isSha256Hex(v: unknown): v is string {
  return typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
}

/** RFC 8785 canonical JSON; throws on values JSON cannot represent. */
export function canonicalJson(value: unknown): string {
  const out = canonicalJsonText(value);
  if (out === undefined) throw new TypeError('value has no canonical JSON form');
  return out;
}

/** sha256 hex of the parts one after another: a long text is hashed as it is, never copied into one string first. */
export function sha256Hex(...parts: (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const p of parts) hash.update(p);
  return hash.digest('hex');
}

/** hash = sha256 hex of prev_hash + canonical JSON of {seq, incident_id, ts, actor, role, type, payload[, login]}. */
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
 * DESIGN §5's full rule: whether `storedHash` is the hash of the fields with the payload in its
 * canonical form. Content with no canonical form (a lone surrogate edited in) was never hashed
 * by aiops: false, not an exception.
 */
export function matchesFullRule(prevHash: string, fields: HashedFields, storedHash: string): boolean {
  try {
    return eventHash(prevHash, fields) === storedHash;
  } catch {
    return false;
  }
}

/** Whether a stored row's hash covers its content: `fields.payload` is its payload text, `payload` that text parsed. */
export type RowHashCheck = (prevHash: string, fields: HashedFields<string>, storedHash: string, payload: unknown) => boolean;

/**
 * A row check for one walk over the log that hashes the stored payload text as it stands: aiops
 * stores payloads as their canonical text (sealEvent), so for every row it wrote this is the
 * DESIGN §5 hash without serialising the payload again. A payload stored in another spelling (a
 * log from an earlier aiops, which stored it in the order given) is judged by the full rule on
 * the parsed value; after such a row the next is tried that way first, so an old log costs one
 * hash a row, not two.
 *
 * What this accepts beyond the full rule: a row whose payload text is not canonical, but whose
 * hash someone computed over exactly those bytes. Only a forger recomputing hashes can make
 * one, and they could as easily write the canonical form; a head kept elsewhere (`--head`)
 * catches either. `aiops evidence verify` holds every payload to the full rule.
 */
export function rowHashChecker(): RowHashCheck {
  let storedAsCanonical = true;
  const asStored: RowHashCheck = (prevHash, fields, storedHash) => {
    const text = canonicalEventEnvelope(fields, fields.payload);
    return text !== undefined && hash('sha256', prevHash + text, 'hex') === storedHash;
  };
  const recanonicalised: RowHashCheck = (prevHash, f, storedHash, payload) =>
    matchesFullRule(prevHash, { seq: f.seq, incident_id: f.incident_id, ts: f.ts, actor: f.actor, role: f.role, type: f.type, payload, login: f.login }, storedHash);
  return (prevHash, fields, storedHash, payload) => {
    const [first, second] = storedAsCanonical ? [asStored, recanonicalised] : [recanonicalised, asStored];
    if (first(prevHash, fields, storedHash, payload)) return true;
    if (!second(prevHash, fields, storedHash, payload)) return false;
    storedAsCanonical = !storedAsCanonical;
    return true;
  };
}

/** An event whose hash does not hold: its seq and why. */
export interface UnsoundEvent {
  seq: number;
  kind: 'hash-mismatch' | 'broken-link';
  /** As `aiops evidence verify` words the same problem. */
  message: string;
}

/**
 * The first of one incident's events (in seq order, as folded) whose stored hash does not cover
 * its content, or whose prev_hash is not the hash of the incident's event just before it when that
 * one is seq - 1; null when every one holds. `before`: the event ahead of the first, when known.
 * What a command checks of the events it folds, so a payload or actor edited in the file never
 * decides who may act; links to other incidents' events and the chain head are verify's to walk.
 */
export function firstUnsoundEvent(
  events: readonly { seq: number; incidentId: string; ts: string; actor: string; role: string | null; type: string; payload: unknown; prevHash: string; hash: string; login?: string }[],
  before?: { seq: number; hash: string },
): UnsoundEvent | null {
  let prior = before;
  for (const e of events) {
    if (prior && prior.seq === e.seq - 1 && e.prevHash !== prior.hash) return { seq: e.seq, kind: 'broken-link', message: `seq ${e.seq}: prev_hash does not match the hash of seq ${prior.seq}` };
    const fields: HashedFields = { seq: e.seq, incident_id: e.incidentId, ts: e.ts, actor: e.actor, role: e.role, type: e.type, payload: e.payload };
    if (e.login !== undefined) fields.login = e.login;
    if (!matchesFullRule(e.prevHash, fields, e.hash)) return { seq: e.seq, kind: 'hash-mismatch', message: `seq ${e.seq}: content does not match its hash (edited after it was written)` };
    prior = e;
  }
  return null;
}
