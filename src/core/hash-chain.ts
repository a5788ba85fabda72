import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields an event hash covers, in the shape DESIGN §5 fixes. */
export interface HashedFields {
  seq: number;
  incident_id: string;
  ts: string;
  actor: string;
  role: string | null;
  type: string;
  payload: unknown;
}

/** RFC 8785 canonical JSON; throws on values JSON cannot represent. */
export function canonicalJson(value: unknown): string {
  const out = canonicalize(value);
  if (out === undefined) throw new TypeError('value has no canonical JSON form');
  return out;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** hash = sha256 hex of prev_hash + canonical JSON of {seq, incident_id, ts, actor, role, type, payload}. */
export function eventHash(prevHash: string, fields: HashedFields): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(fields)).digest('hex');
}
