import { sha256Hex } from '../hash-chain.js';
import type { IncidentState } from './state.js';

/**
 * Bumped whenever IncidentState or the fold changes meaning: a snapshot of another format is
 * ignored and the incident folded from its events again.
 */
export const SNAPSHOT_FORMAT = 1;

interface Envelope {
  format: number;
  incident: string;
  lastSeq: number;
  /** The hash of the event at lastSeq: the snapshot belongs to that point of the chain. */
  lastHash: string;
  /** sha256 of lastHash + the state text: a snapshot edited or cut short does not check out. */
  sum: string;
  state: string;
}

/** The state as snapshot text, for the append that brings the incident to it (its last event's hash). */
export function encodeSnapshot(state: IncidentState, lastHash: string): string {
  const text = JSON.stringify(state, (_key, value: unknown) => (value instanceof Map ? { $map: [...value] } : value));
  const envelope: Envelope = { format: SNAPSHOT_FORMAT, incident: state.id, lastSeq: state.lastSeq, lastHash, sum: sha256Hex(lastHash + text), state: text };
  return JSON.stringify(envelope);
}

/** What a snapshot claims before it is checked against the log: the seq and hash it was taken at. */
export interface SnapshotClaim {
  lastSeq: number;
  lastHash: string;
  state: IncidentState;
}

/**
 * The state a snapshot holds, or null when it is not one this build can trust as a cache: bad
 * JSON, another format, another incident, a checksum that does not match. The caller still checks
 * `lastHash` against the event at `lastSeq` in the log; events always win over a snapshot.
 */
export function decodeSnapshot(text: string, incidentId: string): SnapshotClaim | null {
  try {
    const env = JSON.parse(text) as Partial<Envelope>;
    if (env.format !== SNAPSHOT_FORMAT || env.incident !== incidentId) return null;
    if (typeof env.state !== 'string' || typeof env.lastHash !== 'string' || typeof env.lastSeq !== 'number') return null;
    if (sha256Hex(env.lastHash + env.state) !== env.sum) return null;
    const state = JSON.parse(env.state, (_key, value: unknown) =>
      value && typeof value === 'object' && '$map' in value ? new Map((value as { $map: [unknown, unknown][] }).$map) : value,
    ) as IncidentState;
    if (state.id !== incidentId || state.lastSeq !== env.lastSeq) return null;
    return { lastSeq: env.lastSeq, lastHash: env.lastHash, state };
  } catch {
    return null;
  }
}
