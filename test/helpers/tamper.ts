import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { EventRow as Row } from '../../src/store/row-mapping.js';

/** Copies of a pristine log, tampered with behind aiops's back (triggers dropped first); `cleanup` removes them. */
export function tamperKit(pristine: () => string, prefix: string) {
  const scratch: string[] = [];
  return {
    tampered(fn: (db: Database.Database, rows: Row[]) => void): string {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      scratch.push(dir);
      const path = join(dir, 'aiops.db');
      copyFileSync(pristine(), path);
      const db = new Database(path);
      db.exec('DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;');
      fn(db, db.prepare('SELECT * FROM events ORDER BY seq').all() as Row[]);
      db.close();
      return path;
    },
    cleanup(): void {
      for (const d of scratch) rmSync(d, { recursive: true, force: true });
    },
  };
}

/** Folds the WAL into the database file, so a copy of the file alone carries every event (a pristine log for tamperKit). */
export function checkpointed(path: string): string {
  const db = new Database(path);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return path;
}
