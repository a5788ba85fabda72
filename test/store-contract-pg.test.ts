import { describe, it } from 'vitest';
import { openEventLog } from '../src/store/index.js';
import { asSuperuser, freshPgSchema, initPgLog, pgTestUrl, tamperPg } from './helpers/pg.js';
import { eventLogContract } from './helpers/store-contract.js';

// The same contract as SQLite and memory, against a real PostgreSQL server (a fresh schema per test).
const base = pgTestUrl();
if (base) {
  eventLogContract('postgres', async () => {
    const db = await freshPgSchema(base);
    const log = await initPgLog(db.url);
    const others: Awaited<ReturnType<typeof openEventLog>>[] = [];
    return {
      log,
      second: async () => {
        const other = await openEventLog(db.url);
        others.push(other);
        return other;
      },
      tamper: (edit) => tamperPg(db.url, edit),
      tamperSummary: (id, text) =>
        asSuperuser(db.url, async (c) => {
          if (text === null) await c.query('DELETE FROM incident_summaries WHERE incident_id = $1', [id]);
          else await c.query('INSERT INTO incident_summaries (incident_id, opened_seq, summary) VALUES ($1, 0, $2) ON CONFLICT (incident_id) DO UPDATE SET summary = EXCLUDED.summary', [id, text]);
        }),
      cleanup: async () => {
        await log.close().catch(() => {});
        for (const o of others) await o.close().catch(() => {});
        await db.drop();
      },
    };
  });
} else {
  describe.skip('EventLog contract: postgres (no AIOPS_TEST_PG)', () => it('needs a PostgreSQL server', () => {}));
}
