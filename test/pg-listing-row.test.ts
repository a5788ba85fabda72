import { afterEach, describe, expect, it } from 'vitest';
import { summaryTextMatch } from '../src/core/incident/summary-filter.js';
import { openEventLog } from '../src/store/index.js';
import { asSuperuser, freshPgSchema, initPgLog, pgTestUrl } from './helpers/pg.js';
import { appendTo, note, opened } from './helpers/store-contract.js';

// As on SQLite (incident-list-damaged-row.test.ts): a listing row edited on the server is rebuilt
// from the events by every reader, and the next append that changes it writes it whole again.
const base = pgTestUrl();

describe.skipIf(!base)('PostgreSQL: a damaged listing row', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  for (const [what, sql] of [['not JSON', "'{{'"], ['fields of another type', `jsonb_set(summary::jsonb, '{title}', '5')::text`]] as const) {
    it(`${what}: summaries and the --json chunks read it from the events; verify names it; an append rewrites it`, async () => {
      const db = await freshPgSchema(base!);
      cleanups.push(() => db.drop());
      const log = await initPgLog(db.url);
      cleanups.push(() => log.close());
      await appendTo(log, 'INC-A', [opened('INC-A', 'Title A'), note('INC-A', 'x')]);
      await appendTo(log, 'INC-B', [opened('INC-B', 'Title B')]);
      await asSuperuser(db.url, (c) => c.query(`UPDATE incident_summaries SET summary = ${sql} WHERE incident_id = 'INC-A'`));
      const reader = await openEventLog(db.url, { readonly: true });
      try {
        expect((await reader.summaries()).map((r) => [r.id, r.title])).toEqual([['INC-A', 'Title A'], ['INC-B', 'Title B']]);
        let text = '';
        for await (const chunk of reader.summaryChunks(summaryTextMatch({}), ',')) text += chunk;
        expect((JSON.parse(`[${text}]`) as { id: string; title: string }[]).map((r) => [r.id, r.title])).toEqual([['INC-A', 'Title A'], ['INC-B', 'Title B']]);
        const report = await reader.verify();
        expect(report.ok).toBe(false);
        expect(report.summaries?.problems.map((p) => p.incidentId)).toEqual(['INC-A']);
      } finally {
        await reader.close();
      }
      const status = { incidentId: 'INC-A', ts: '2026-03-01T10:00:00.000Z', actor: 'alice', role: 'commander', type: 'status.changed', payload: { from: 'open', to: 'mitigated' } };
      const r = await log.append([status as never], { incidentId: 'INC-A', lastSeq: 2 });
      expect(r.ok).toBe(true);
      expect((await log.verify()).ok).toBe(true);
    });
  }
});
