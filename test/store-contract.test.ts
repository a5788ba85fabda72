import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openEventLog } from '../src/store/index.js';
import { MemoryEventLog } from '../src/store/memory/memory-event-log.js';
import type { EventRow } from '../src/store/row-mapping.js';
import { eventLogContract } from './helpers/store-contract.js';

/** Rewrites the events table of a SQLite log behind aiops's back, as a forger with the file would. */
function tamperSqlite(path: string, edit: (rows: EventRow[]) => EventRow[]): void {
  const db = new Database(path);
  try {
    db.exec('DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;');
    db.transaction(() => {
      const edited = edit(db.prepare('SELECT * FROM events ORDER BY seq').all() as EventRow[]);
      db.prepare('DELETE FROM events').run();
      const insert = db.prepare('INSERT INTO events VALUES (@seq, @incident_id, @ts, @actor, @role, @type, @payload, @prev_hash, @hash)');
      for (const r of edited) insert.run(r);
    })();
  } finally {
    db.close();
  }
}

eventLogContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aiops-store-contract-'));
  const path = join(dir, 'aiops.db');
  const log = await openEventLog(path, { create: true });
  return {
    log,
    second: () => openEventLog(path),
    tamper: async (edit) => tamperSqlite(path, edit),
    tamperSummary: async (id, text) => {
      const db = new Database(path);
      try {
        if (text === null) db.prepare('DELETE FROM incident_summaries WHERE incident_id = ?').run(id);
        else db.prepare('INSERT INTO incident_summaries (incident_id, opened_seq, summary) VALUES (?, 0, ?) ON CONFLICT(incident_id) DO UPDATE SET summary = excluded.summary').run(id, text);
      } finally {
        db.close();
      }
    },
    cleanup: async () => {
      await log.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

eventLogContract('memory', async () => {
  const log = (await openEventLog('memory:')) as MemoryEventLog;
  return {
    log,
    second: async () => log,
    tamper: async (edit) => log.tamperRows(edit),
    tamperSummary: async (id, text) => log.tamperSummary(id, text),
    cleanup: () => log.close(),
  };
});
