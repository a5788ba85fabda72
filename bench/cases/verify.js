// `aiops evidence verify` over 200,000 events (the store's verify: seq, links, canonical JSON,
// sha256 per event) against a bare loop that reads the same rows and sha256s the same bytes
// (prev_hash + the canonical envelope around the stored payload text);
// 3 interleaved rounds, medians.
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { canonicalEventEnvelope } from '../../dist/core/canonical-json.js';
import { openEventLog } from '../../dist/store/index.js';
import { byIncident, interleavedMedians, sampleEvents, seedLog, slowdownRow, tempDir, timeAsync, timeIt } from '../lib.js';

const EVENTS = 200_000;

export default async function verify() {
  const tmp = tempDir();
  try {
    const path = `${tmp.dir}/events.db`;
    const writer = await openEventLog(path, { create: true });
    await seedLog(writer, byIncident(sampleEvents(EVENTS, { incidents: 25 })));
    await writer.close();

    const store = await openEventLog(path, { readonly: true });
    const db = new Database(path, { readonly: true });
    const rows = db.prepare('SELECT * FROM events ORDER BY seq');
    let verifiedOk = true;
    let bareCount = 0;
    const m = await interleavedMedians(3, {
      bare: () =>
        timeIt(() => {
          bareCount = 0;
          for (const r of rows.iterate()) {
            // The very bytes verify hashes: prev_hash + the canonical envelope around the stored payload text.
            const text = canonicalEventEnvelope(r, r.payload);
            if (createHash('sha256').update(r.prev_hash + text).digest('hex') === r.hash) bareCount++;
          }
        }),
      verify: () =>
        timeAsync(async () => {
          const report = await store.verify();
          verifiedOk &&= report.ok && report.events === EVENTS;
        }),
    });
    await store.close();
    db.close();
    if (!verifiedOk || bareCount !== EVENTS) throw new Error('verify did not check every event of an untampered log');
    return [
      slowdownRow({ name: `verify ${EVENTS.toLocaleString('en')} events`, baseline: 'read rows + sha256 loop', subject: 'EventLog.verify()', baseline_ms: m.bare, subject_ms: m.verify, max: 2 }),
    ];
  } finally {
    tmp.cleanup();
  }
}
