import type { NewEvent, StoredEvent } from '../../core/events.js';
import { GENESIS_HASH, sealEvent } from '../../core/hash-chain.js';
import { SUMMARY_EVENT_TYPES, summarizeAll } from '../../core/incident/summary-row.js';
import { summaryFromText } from '../../core/incident/summary-shape.js';
import { hashedFieldsOf } from '../row-mapping.js';
import type { AppendExpectation } from '../types.js';
import { EVENTS_CHANNEL, type Query } from './pg-connection.js';

export type Head = { seq: number; hash: string };

/** What the appending process last saw of the log: the head, and an incident's summary row (text, null: none). */
export interface AppendHints {
  head: Head | null | undefined;
  summaries: Map<string, string | null>;
}

/** Events sealed after a head: the rows to insert and the events as they will be stored. */
export interface Sealed {
  rows: unknown[][];
  stored: StoredEvent[];
  seq: number;
}

/** Seals `events` after `head` (every hash computed before anything is sent: one with no JSON form writes nothing). */
export function sealAfter(events: readonly NewEvent[], head: Head | null, login: string): Sealed {
  let seq = head?.seq ?? 0;
  let prev = head?.hash ?? GENESIS_HASH;
  const rows: unknown[][] = [];
  const stored: StoredEvent[] = [];
  for (const e of events) {
    seq += 1;
    const { payloadText, hash } = sealEvent(prev, { ...hashedFieldsOf(seq, e), login });
    rows.push([seq, e.incidentId, e.ts, e.actor, e.role, e.type, payloadText, prev, hash]);
    stored.push({ seq, incidentId: e.incidentId, ts: e.ts, actor: e.actor, role: e.role, type: e.type, payload: e.payload, prevHash: prev, hash, login } as StoredEvent);
    prev = hash;
  }
  return { rows, stored, seq };
}

export type OneTrip = { kind: 'ok'; stored: StoredEvent[] } | { kind: 'conflict'; lastSeq: number } | { kind: 'stale' };

/**
 * One append without a snapshot in one round trip (the schema's aiops_append, one statement, its
 * own transaction):
 * sealed after the head the hints hold, the summary built on the row they hold. When the server
 * finds another head or row it writes nothing, and the hints learn what it found ('stale').
 */
export async function appendInOneTrip(q: Query, events: readonly NewEvent[], expect: AppendExpectation, hints: AppendHints, login: string): Promise<OneTrip> {
  const id = expect.incidentId;
  // Unknown head: a seq no log has, so the server answers with the real one.
  const head = hints.head === undefined ? { seq: -1, hash: '' } : hints.head;
  const sealed = sealAfter(events, head?.seq === -1 ? null : head, login);
  const relevant = sealed.stored.filter((e) => SUMMARY_EVENT_TYPES.has(e.type));
  const check = relevant.length > 0;
  const known = hints.summaries.has(id);
  const prevText = hints.summaries.get(id) ?? null;
  const prev = prevText === null ? undefined : summaryFromText(prevText, id);
  // A damaged row is rebuilt from the events by the locked path: say stale, and send nothing.
  if (check && known && prev === null) return { kind: 'stale' };
  const summary = check && known ? summarizeAll(prev ?? undefined, relevant) : undefined;
  const col = (j: number) => sealed.rows.map((r) => r[j]);
  const [r] = await q<{ ok: boolean; last_seq: number; head_seq: number | null; head_hash: string | null; summary: string | null }>(
    'SELECT ok, last_seq, head_seq, head_hash, summary FROM aiops_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)',
    [
      id,
      expect.lastSeq,
      head?.seq ?? null,
      head?.hash ?? null,
      col(0),
      col(2),
      col(3),
      col(4),
      col(5),
      col(6),
      col(7),
      col(8),
      check,
      // Not known yet: a value no row holds (rows are JSON objects), so the server answers with the real one.
      known ? prevText : 'unknown',
      summary ? JSON.stringify(summary) : null,
      relevant[0]?.type === 'incident.opened' ? relevant[0].seq : 0,
      EVENTS_CHANNEL,
    ],
    'write to',
  );
  hints.head = r!.head_seq === null ? null : { seq: Number(r!.head_seq), hash: r!.head_hash! };
  if (check) remember(hints, id, r!.summary);
  if (r!.ok) return { kind: 'ok', stored: sealed.stored };
  if (Number(r!.last_seq) !== expect.lastSeq) return { kind: 'conflict', lastSeq: Number(r!.last_seq) };
  return { kind: 'stale' };
}

/** Keeps a few incidents' summary rows (a long-lived process writes to many; any is checked by the server). */
export function remember(hints: AppendHints, id: string, text: string | null): void {
  if (hints.summaries.size >= 64 && !hints.summaries.has(id)) hints.summaries.clear();
  hints.summaries.set(id, text);
}
