import type Database from 'better-sqlite3';
import type { NewEvent, StoredEvent } from '../../core/events.js';
import { GENESIS_HASH, sealEvent } from '../../core/hash-chain.js';
import { hashedFieldsOf } from '../row-mapping.js';
import type { AppendExpectation, AppendOptions, AppendResult } from '../types.js';
import { assertHeadRecorded, checkAppendBatch, groupOpenedIn } from '../append-batch.js';
import { lazyStatement, prepareSummaries } from './summaries.js';

/** An append bound to one connection: call it inside nothing, it opens its own IMMEDIATE transaction. */
export type SqliteAppend = (events: readonly NewEvent[], expect: AppendExpectation, opts?: AppendOptions) => AppendResult;

/**
 * Prepares the append of a connection. Inside one IMMEDIATE transaction (so the check and the
 * write see the same log, whichever process writes next): the incident's last seq must be the
 * expected one, else nothing is written; the events are then chained after the log's head, and
 * the incident's summary row (and snapshot, when the caller gives one) written beside them. An
 * alert group's new incident is checked against those opened since the caller looked (newGroup).
 */
export function prepareAppend(db: Database.Database): SqliteAppend {
  const incidentLastSeq = db.prepare('SELECT COALESCE(MAX(seq), 0) FROM events WHERE incident_id = ?').pluck();
  const head = db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1');
  const recordedHead = db.prepare('SELECT seq, hash FROM chain_head WHERE id = 1');
  const insert = db.prepare(
    'INSERT INTO events (seq, incident_id, ts, actor, role, type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const setHead = db.prepare(
    'INSERT INTO chain_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash',
  );
  const openedAfter = lazyStatement(db, "SELECT incident_id, payload FROM events WHERE type = 'incident.opened' AND seq > ?");
  const summaries = prepareSummaries(db);
  const putSnapshot = lazyStatement(
    db,
    'INSERT INTO incident_snapshots (incident_id, last_seq, state) VALUES (?, ?, ?) ON CONFLICT(incident_id) DO UPDATE SET last_seq = excluded.last_seq, state = excluded.state',
  );
  const write = db.transaction((events: readonly NewEvent[], expect: AppendExpectation, opts: AppendOptions): AppendResult => {
    const lastSeq = incidentLastSeq.get(expect.incidentId) as number;
    if (lastSeq !== expect.lastSeq) return { ok: false, reason: 'conflict', lastSeq };
    if (expect.newGroup) {
      const opened = groupOpenedIn(openedAfter().all(expect.newGroup.seenAt) as { incident_id: string; payload: string }[], expect.newGroup.key);
      if (opened !== undefined) return { ok: false, reason: 'group-opened', incidentId: opened };
    }
    const at = head.get() as { seq: number; hash: string } | undefined;
    assertHeadRecorded(at, recordedHead.get() as { seq: number; hash: string } | undefined);
    let seq = at?.seq ?? 0;
    let prev = at?.hash ?? GENESIS_HASH;
    const stored: StoredEvent[] = [];
    for (const e of events) {
      seq += 1;
      const { payloadText, hash } = sealEvent(prev, hashedFieldsOf(seq, e));
      insert.run(seq, e.incidentId, e.ts, e.actor, e.role, e.type, payloadText, prev, hash);
      // An explicit literal in rowToEvent's key order: spreading `e` costs ~3 µs an event on bulk appends.
      stored.push({ seq, incidentId: e.incidentId, ts: e.ts, actor: e.actor, role: e.role, type: e.type, payload: e.payload, prevHash: prev, hash } as StoredEvent);
      prev = hash;
    }
    if (events.length > 0) {
      setHead.run(seq, prev);
      summaries.update(stored);
      if (opts.snapshot) putSnapshot().run(expect.incidentId, seq, opts.snapshot(stored));
    }
    return { ok: true, events: stored };
  });
  return (events, expect, opts = {}) => {
    checkAppendBatch(events, expect);
    return write.immediate(events, expect, opts);
  };
}
