// One acknowledged action: a single event in its own synchronous=FULL transaction through the
// store (chain head read, hash, insert, head update, fsync'd commit), against a raw single-row
// FULL transaction on the same kind of database. Interleaved, medians per transaction.
import Database from 'better-sqlite3';
import { openEventLog } from '../../dist/store/index.js';
import { interleavedMedians, sampleEvents, slowdownRow, tempDir, timeAsync, timeIt } from '../lib.js';

const ACTIONS = 300;

export default async function acknowledgedAction() {
  const tmp = tempDir();
  try {
    const events = sampleEvents(ACTIONS + 20);
    const store = await openEventLog(`${tmp.dir}/store.db`, { create: true });
    await (await openEventLog(`${tmp.dir}/raw.db`, { create: true })).close();
    const db = new Database(`${tmp.dir}/raw.db`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    const insert = db.prepare('INSERT INTO events (seq, incident_id, ts, actor, role, type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const writeOne = db.transaction((e, seq) => insert.run(seq, e.incidentId, e.ts, e.actor, e.role, e.type, JSON.stringify(e.payload), 'p'.repeat(64), 'h'.repeat(64)));
    let i = 0;
    let j = 0;
    let lastSeq = 0;
    const append = async () => {
      const r = await store.append([events[j++]], { incidentId: events[0].incidentId, lastSeq });
      lastSeq = r.events[0].seq;
    };
    const m = await interleavedMedians(
      ACTIONS,
      {
        raw: () => timeIt(() => writeOne.immediate(events[i], ++i)),
        store: () => timeAsync(append),
      },
      { warmup: 10 },
    );
    await store.close();
    db.close();
    return [
      slowdownRow({ name: 'one acknowledged action (FULL sync)', baseline: 'raw 1-row FULL transaction', subject: 'EventLog.append([event])', baseline_ms: m.raw, subject_ms: m.store, max: 1.5 }),
    ];
  } finally {
    tmp.cleanup();
  }
}
