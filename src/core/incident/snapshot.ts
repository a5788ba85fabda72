import { sha256Hex } from '../hash-chain.js';
import type { HookRun, IncidentIndex, IncidentState, StepState } from './state.js';

/**
 * Bumped whenever IncidentState or the fold changes meaning: a snapshot of another format is
 * ignored and the incident folded from its events again.
 */
export const SNAPSHOT_FORMAT = 7;

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
type RoleEntry = IncidentState['roleHistory'][number];

/**
 * The role history as a table of its distinct strings and rows of positions in it
 * ([role, person, from, to or -1, handoff 0/1]): an incident handed off 25,000 times holds each
 * instant once (an entry's `to` is the next one's `from`) and each name once, in the text and
 * in the state read back (~3 → ~1 MB of text, ~4.6 → ~2 MB of heap for 100,000 events).
 */
interface PlainRoleHistory {
  strings: string[];
  rows: [number, number, number, number, 0 | 1][];
}

/** A step's run is the incident's run at that position (the fold shares them), else a copy. */
type PlainStep = Omit<StepState, 'runs'> & { runs: (number | HookRun)[] };

type PlainState = Omit<IncidentState, 'index' | 'roleHistory' | 'steps'> & { index: PlainIndex; roleHistory: PlainRoleHistory; steps: PlainStep[] };

function plainRoleHistory(history: readonly RoleEntry[]): PlainRoleHistory {
  const strings: string[] = [];
  const at = new Map<string, number>();
  const ref = (v: string): number => {
    let n = at.get(v);
    if (n === undefined) at.set(v, (n = strings.push(v) - 1));
    return n;
  };
  return { strings, rows: history.map((r) => [ref(r.role), ref(r.person), ref(r.from), r.to === null ? -1 : ref(r.to), r.handoff ? 1 : 0]) };
}

function roleHistoryOf(plain: PlainRoleHistory): RoleEntry[] {
  const { strings: t } = plain;
  return plain.rows.map(([role, person, from, to, handoff]) => ({ role: t[role]!, person: t[person]!, from: t[from]!, to: to < 0 ? null : t[to]!, handoff: handoff === 1 }));
}

/** The state as snapshot text, for the append that brings the incident to it (its last event's hash). */
export function encodeSnapshot(state: IncidentState, lastHash: string): string {
  const index: PlainIndex = { steps: [...state.index.steps], irregularRuns: [...state.index.irregularRuns], openRoles: [...state.index.openRoles] };
  const runAt = new Map(state.runs.map((r, i) => [r, i]));
  const steps: PlainStep[] = state.steps.map((st) => ({ ...st, runs: st.runs.map((r) => runAt.get(r) ?? r) }));
  const plain: PlainState = { ...state, index, roleHistory: plainRoleHistory(state.roleHistory), steps };
  const text = JSON.stringify(plain);
  const header: Header = { format: SNAPSHOT_FORMAT, incident: state.id, lastSeq: state.lastSeq, lastHash, sum: sha256Hex(lastHash, text) };
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
    if (sha256Hex(header.lastHash, text) !== header.sum) return null;
    const plain = JSON.parse(text) as PlainState;
    if (plain.id !== incidentId || plain.lastSeq !== header.lastSeq) return null;
    const index: IncidentIndex = { steps: new Map(plain.index.steps), irregularRuns: new Map(plain.index.irregularRuns), openRoles: new Map(plain.index.openRoles) };
    const { runs } = plain;
    const steps: StepState[] = plain.steps.map((st) => ({ ...st, runs: st.runs.map((r) => (typeof r === 'number' ? runs[r]! : r)) }));
    return { lastSeq: header.lastSeq, lastHash: header.lastHash, state: { ...plain, index, roleHistory: roleHistoryOf(plain.roleHistory), steps } };
  } catch {
    return null;
  }
}
