import { afterEach, describe, expect, it } from 'vitest';
import { openEventLog } from '../src/store/index.js';
import { asSuperuser, freshPgSchema, initPgLog, pgTestUrl } from './helpers/pg.js';
import { appendTo, note, opened } from './helpers/store-contract.js';

// As on SQLite: no append chains onto a log whose last row is not the recorded chain head, whether
// it goes through aiops_append (one trip) or the locked path (an alert group's new incident).
const base = pgTestUrl();

describe.skipIf(!base)('PostgreSQL appends check the recorded chain head', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  /** A log of one incident (opened, a note), then `cut` run by the owner with the user triggers off. */
  async function damaged(cut: string): Promise<string> {
    const db = await freshPgSchema(base!);
    cleanups.push(() => db.drop());
    const log = await initPgLog(db.url);
    await appendTo(log, 'INC-A', [opened('INC-A'), note('INC-A', 'to be cut')]);
    await log.close();
    await asSuperuser(db.url, async (c) => {
      await c.query('ALTER TABLE events DISABLE TRIGGER USER');
      await c.query(cut);
      await c.query('ALTER TABLE events ENABLE TRIGGER USER');
    });
    return db.url;
  }

  for (const [what, cut, message] of [
    ['the last row and the chain_head row deleted', 'DELETE FROM events WHERE seq = 2; DELETE FROM chain_head', /last row \(seq 1\).*(no chain head recorded|none recorded)/],
    ['the last row deleted', 'DELETE FROM events WHERE seq = 2', /last row \(seq 1\) is not the chain head aiops recorded \(seq 2\)/],
  ] as const) {
    it(`Given ${what}, Then both append paths refuse, nothing is written, and verify still reports the damage`, async () => {
      const url = await damaged(cut);
      const log = await openEventLog(url);
      try {
        await expect(log.append([note('INC-A', 'genuine')], { incidentId: 'INC-A', lastSeq: 1 })).rejects.toThrow(message);
        await expect(log.append([opened('INC-B')], { incidentId: 'INC-B', lastSeq: 0, newGroup: { key: 'k', seenAt: 1 } })).rejects.toThrow(message);
        expect((await log.head())?.seq).toBe(1);
        const report = await log.verify();
        expect(report.ok).toBe(false);
        expect(report.firstBad?.kind).toBe('missing-tail');
      } finally {
        await log.close();
      }
    });
  }
});
