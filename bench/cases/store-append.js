// Bulk append: 100,000 events through the store (1,000 per append, each expecting its incident's last seq: hash chain, canonical
// JSON, chain head) against raw better-sqlite3 inserts of the very same rows into the same schema;
// best of 3 rounds for each side.
import Database from 'better-sqlite3';
import { openEventLog } from '../../dist/store/index.js';
import { byIncident, chunks, rateRow, sampleEvents, tempDir, timeAsync, timeIt } from '../lib.js';

const EVENTS = 100_000;
const BATCH = 1_000;
const ROUNDS = 3;

export default async function storeAppend() {
  const tmp = tempDir();
  try {
    const events = byIncident(sampleEvents(EVENTS, { incidents: 10 }));
    const batches = chunks(events, BATCH);
    let storeBest = Infinity;
    let rawBest = Infinity;
    for (let round = 0; round < ROUNDS; round++) {
      const storePath = `${tmp.dir}/store-${round}.db`;
      const store = await openEventLog(storePath, { create: true });
      storeBest = Math.min(storeBest, await timeAsync(async () => {
        const last = new Map();
        for (const batch of batches) {
          const id = batch[0].incidentId;
          const r = await store.append(batch, { incidentId: id, lastSeq: last.get(id) ?? 0 });
          last.set(id, r.events.at(-1).seq);
        }
      }));
      await store.close();

      // The raw side: same schema (made by the store), same pragmas, same rows with their hashes.
      const rows = new Database(storePath, { readonly: true }).prepare('SELECT * FROM events ORDER BY seq').raw().all();
      const rawPath = `${tmp.dir}/raw-${round}.db`;
      await (await openEventLog(rawPath, { create: true })).close();
      const db = new Database(rawPath);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      const insert = db.prepare('INSERT INTO events (seq, incident_id, ts, actor, role, type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
      const writeBatch = db.transaction((batch) => {
        for (const r of batch) insert.run(r);
      });
      const rowBatches = chunks(rows, BATCH);
      rawBest = Math.min(rawBest, timeIt(() => {
        for (const batch of rowBatches) writeBatch.immediate(batch);
      }));
      db.close();
    }
    return [
      rateRow({
        name: `append ${EVENTS.toLocaleString('en')} events (${BATCH}/tx)`,
        baseline: 'raw better-sqlite3 INSERTs',
        subject: 'EventLog.append (sqlite)',
        baseline_ms: rawBest,
        subject_ms: storeBest,
        min: 0.4,
      }),
    ];
  } finally {
    tmp.cleanup();
  }
}
