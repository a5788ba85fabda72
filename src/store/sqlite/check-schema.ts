import type Database from 'better-sqlite3';
import { UserError } from '../../core/errors.js';
import { SCHEMA_VERSION } from './migrations.js';

const HINT = 'pass --db PATH naming an aiops evidence log (a new one is created by `aiops incident start`)';

/**
 * Refuses a file that is not an aiops evidence log before anything reads or migrates it: an
 * empty file opened to read, another program's database, a log from a newer aiops, or one whose
 * chain tables are gone. Only a command that may create a log starts one in an empty file.
 */
export function checkLogSchema(db: Database.Database, path: string, opts: { mayCreate: boolean }): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]));
  if (version > SCHEMA_VERSION) {
    throw new UserError(`${path} was written by a newer aiops (schema ${version}, this one knows ${SCHEMA_VERSION})`, { hint: 'upgrade aiops to read it' });
  }
  if (version === 0) {
    if (tables.size > 0) {
      throw new UserError(`${path} is a SQLite database of another program (tables ${[...tables].slice(0, 3).join(', ')}), not an aiops evidence log`, { hint: HINT });
    }
    if (!opts.mayCreate) throw new UserError(`${path} is empty: no aiops evidence log has been written there`, { hint: HINT });
    return;
  }
  for (const needed of ['events', 'chain_head', 'attachments']) {
    if (!tables.has(needed)) {
      throw new UserError(`${path} is damaged: its ${needed} table is missing, so the chain cannot be checked`, {
        hint: 'restore the log from a backup; `aiops evidence verify` on the backup says whether it is whole',
      });
    }
  }
}
