import { sha256Hex } from '../hash-chain.js';
import type { IncidentIndex, IncidentState } from './state.js';

/**
 * Bumped whenever IncidentState or the fold changes meaning: a snapshot of another format is
 * ignored and the incident folded from its events again.
 */
export const SNAPSHOT_FORMAT = 6;

/** The first line of a snapshot; the state's JSON follows it as is (not escaped into a string). */
interface Header {
  format: number;
  incident: string;
  lastSeq: number;
  /** The hash of the event at lastSeq: the snapshot belongs to that point of the chain. */
  lastHash: string;
  /** sha256 of lastHash + the state text: a snapshot edited or cut short does not check out. */
  sum: string;
}

type PlainIndex = { [K in keyof IncidentIndex]: [string, number][] };

/** The state as snapshot text, for the append that brings the incident to it (its last event's hash). */
export function encodeSnapshot(state: IncidentState, lastHash: string): string {
  const index: PlainIndex = { steps: [...state.index.steps], irregularRuns: [...state.index.irregularRuns], openRoles: [...state.index.openRoles] };
  const text = JSON.stringify({ ...state, index });
  const header: Header = { format: SNAPSHOT_FORMAT, incident: state.id, lastSeq: state.lastSeq, lastHash, sum: sha256Hex(lastHash + text) };
  return `${JSON.stringify(header)}\n${text}`;
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
export function decodeSnapshot(snapshot: string, incidentId: string): SnapshotClaim | null {
  try {
    const cut = snapshot.indexOf('\n');
    if (cut < 0) return null;
    const header = JSON.parse(snapshot.slice(0, cut)) as Partial<Header>;
    if (header.format !== SNAPSHOT_FORMAT || header.incident !== incidentId) return null;
    if (typeof header.lastHash !== 'string' || typeof header.lastSeq !== 'number') return null;
    const text = snapshot.slice(cut + 1);
    if (sha256Hex(header.lastHash + text) !== header.sum) return null;
    const plain = JSON.parse(text) as Omit<IncidentState, 'index'> & { index: PlainIndex };
    if (plain.id !== incidentId || plain.lastSeq !== header.lastSeq) return null;
    const index: IncidentIndex = { steps: new Map(plain.index.steps), irregularRuns: new Map(plain.index.irregularRuns), openRoles: new Map(plain.index.openRoles) };
    return { lastSeq: header.lastSeq, lastHash: header.lastHash, state: { ...plain, index } };
  } catch {
    return null;
  }
}
