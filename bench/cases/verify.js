// `aiops evidence verify` over 200,000 events (the store's verify: seq, links, canonical JSON,
// sha256 per event) against a bare loop that reads the same rows and sha256s their stored strings;
// 3 interleaved rounds, medians.
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { openStore } from '../../dist/store/index.js';
import { chunks, interleavedMedians, sampleEvents, slowdownRow, tempDir, timeIt } from '../lib.js';

const EVENTS = 200_000;

export default async function verify() {
  const tmp = tempDir();
  try {
    const path = `${tmp.dir}/events.db`;
    const writer = openStore(path);
    for (const batch of chunks(sampleEvents(EVENTS, { incidents: 25 }), 5_000)) writer.transaction((tx) => tx.append(batch));
    writer.close();

    const store = openStore(path, { readonly: true });
    const db = new Database(path, { readonly: true });
    const rows = db.prepare('SELECT * FROM events ORDER BY seq');
    let verifiedOk = true;
    let bareCount = 0;
    const m = await interleavedMedians(3, {
      bare: () =>
        timeIt(() => {
          bareCount = 0;
          for (const r of rows.iterate()) {
            createHash('sha256').update(r.prev_hash).update(r.incident_id).update(r.ts).update(r.actor).update(r.role ?? '').update(r.type).update(r.payload).digest('hex');
            bareCount++;
          }
        }),
      verify: () =>
        timeIt(() => {
          const report = store.verify();
          verifiedOk &&= report.ok && report.events === EVENTS;
        }),
    });
    store.close();
    db.close();
    if (!verifiedOk || bareCount !== EVENTS) throw new Error('verify did not check every event of an untampered log');
    return [
      slowdownRow({ name: `verify ${EVENTS.toLocaleString('en')} events`, baseline: 'read rows + sha256 loop', subject: 'store.verify()', baseline_ms: m.bare, subject_ms: m.verify, max: 2 }),
    ];
  } finally {
    tmp.cleanup();
  }
}
