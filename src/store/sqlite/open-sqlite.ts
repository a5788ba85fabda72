import { chmodSync, closeSync, constants, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { OperationFailed, UserError } from '../../core/errors.js';
import type { EventLog, OpenLogOptions } from '../types.js';
import { logFileExists, mayAccess } from './log-file.js';
import { checkLogSchema } from './check-schema.js';
import { migrate, SCHEMA_VERSION } from './migrations.js';
import { missingWalWarning } from './missing-wal.js';
import { SqliteEventLog } from './sqlite-event-log.js';
import { storageError } from './storage-error.js';

const DB_MODE = 0o600;

/**
 * Opens the SQLite log at `path`: WAL, synchronous=FULL, busy timeout, mode 0600, migrated. A
 * missing file is created (with its directories) only with `create`; a reader never writes.
 */
export function openSqliteLog(path: string, opts: OpenLogOptions = {}): EventLog {
  const readonly = opts.readonly === true;
  if (!logFileExists(path)) {
    if (readonly || !opts.create) {
      throw new UserError(`no evidence log at ${path}`, { hint: 'start an incident first, or check the path (--db, $AIOPS_DB, db: in aiops.yaml)' });
    }
    createEmptyFile(path);
  }
  // Before SQLite opens the files: opening recovers the WAL index from what is left.
  const walWarning = missingWalWarning(path);
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: opts.busyTimeoutMs ?? 15_000, readonly });
  } catch (err) {
    throw storageError(err, path, 'open');
  }
  try {
    // A reader takes the log as it is: a copy made with VACUUM INTO or .backup is not in WAL mode,
    // and switching it would be a write.
    if (!readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    const maxPages = process.env.AIOPS_TEST_MAX_PAGE_COUNT;
    if (maxPages) db.pragma(`max_page_count = ${Number(maxPages)}`);
    checkLogSchema(db, path, { mayCreate: !readonly && opts.create === true });
    if (readonly && behind(db) && mayAccess(path, 'w')) {
      // A log from an older aiops lacks the derived tables a reader's query needs (`incident list`
      // right after an upgrade): the one-time migration adds them, the events stay as they are.
      db.close();
      upgrade(path, opts.busyTimeoutMs);
      return openSqliteLog(path, opts);
    }
    if (!readonly) migrate(db, path);
    if (!readonly) tightenModes(path);
    return new SqliteEventLog(db, path, walWarning ? [walWarning] : []);
  } catch (err) {
    db.close();
    throw storageError(err, path, 'open');
  }
}

function behind(db: Database.Database): boolean {
  const version = db.pragma('user_version', { simple: true }) as number;
  return version > 0 && version < SCHEMA_VERSION;
}

/** Migrates the log in whatever journal mode it is in (a reader does not switch a copy to WAL). */
function upgrade(path: string, busyTimeoutMs?: number): void {
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: busyTimeoutMs ?? 15_000 });
  } catch (err) {
    throw storageError(err, path, 'open');
  }
  try {
    db.pragma('synchronous = FULL');
    migrate(db, path);
  } finally {
    db.close();
  }
}

function createEmptyFile(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    // Create the file ourselves so it is 0600 from the first byte; SQLite gives -wal/-shm the same mode.
    // O_NONBLOCK: should a FIFO appear here between the check and this open, fail instead of hanging.
    closeSync(openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_NONBLOCK, DB_MODE));
  } catch (err) {
    throw new OperationFailed(`could not create the evidence log at ${path}: ${(err as Error).message}`, {
      hint: 'check that the directory is writable, or pass --db PATH',
      cause: err,
    });
  }
}

/**
 * Takes away what group and others may do with the log's files (evidence holds customer data),
 * never adding a permission: a file its owner made read-only stays read-only.
 */
function tightenModes(path: string): void {
  for (const p of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      const mode = statSync(p).mode & 0o777;
      if ((mode & ~DB_MODE) !== 0) chmodSync(p, mode & DB_MODE);
    } catch {
      // -wal/-shm may not exist yet; SQLite creates them with the database file's mode.
    }
  }
}
