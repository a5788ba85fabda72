import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { NewEvent } from '../src/core/events.js';
import { summaryTextMatch } from '../src/core/incident/summary-filter.js';
import { openEventLog } from '../src/store/index.js';
import { SCHEMA_VERSION } from '../src/store/sqlite/migrations.js';
import { matchSql } from '../src/store/sqlite/summaries.js';
import { note, opened } from './helpers/store-contract.js';
import { appendEvents } from './helpers/seed-log.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('schema 2: summary rows for a log written before they existed', () => {
  it('Given a schema-1 log, When it is opened for writing, Then every incident gets its summary row from its events', async () => {
    dir = mkdtempSync(join(tmpdir(), 'aiops-migrate-'));
    const path = join(dir, 'aiops.db');
    const closed = { incidentId: 'INC-A', ts: '2026-03-02T00:00:00.000Z', actor: 'alice', role: 'commander', type: 'status.changed', payload: { from: 'open', to: 'closed' } } as NewEvent;
    await appendEvents(path, [opened('INC-A'), note('INC-A', 'x'), opened('INC-B'), closed]);
    // Given the log as schema 1 left it
    const db = new Database(path);
    db.exec('DROP TABLE incident_snapshots; DROP TABLE incident_summaries;');
    db.pragma('user_version = 1');
    db.close();
    // A reader (`incident list` as the first command after upgrading) finds the listing there too:
    // the one-time migration ran when it opened the file it may write; the events verify as before
    const reader = await openEventLog(path, { readonly: true });
    expect((await reader.summaries()).map((r) => r.id)).toEqual(['INC-A', 'INC-B']);
    expect((await reader.verify()).ok).toBe(true);
    await reader.close();
    // When a writer opens it
    const log = await openEventLog(path);
    try {
      // Then the rows are there, in the order the incidents were opened
      expect((await log.summaries()).map((r) => [r.id, r.status, r.closedAt])).toEqual([
        ['INC-A', 'closed', '2026-03-02T00:00:00.000Z'],
        ['INC-B', 'open', null],
      ]);
      expect(await log.readSnapshot('INC-A')).toBeUndefined();
    } finally {
      await log.close();
    }
  });

  it('Given a schema-2 log, When a writer opens it, Then the default listing reads the partial index of open rows', async () => {
    dir = mkdtempSync(join(tmpdir(), 'aiops-migrate-'));
    const path = join(dir, 'aiops.db');
    await appendEvents(path, [opened('INC-A'), opened('INC-B')]);
    const old = new Database(path);
    old.exec('DROP INDEX incident_summaries_listed');
    old.pragma('user_version = 2');
    old.close();
    await (await openEventLog(path)).close();
    const db = new Database(path, { readonly: true });
    try {
      const where = matchSql(summaryTextMatch({}));
      const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT summary FROM incident_summaries WHERE ${where} (opened_seq, rowid) > (?, ?) ORDER BY opened_seq, rowid`).all(-1, -1) as { detail: string }[];
      expect(plan.map((p) => p.detail).join('; ')).toMatch(/USING INDEX incident_summaries_listed/);
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    } finally {
      db.close();
    }
  });
});
