import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { OperationFailed, UserError } from '../../core/errors.js';
import { mayAccess } from './log-file.js';
import { nativeModuleError } from './native-module.js';

/** Turns SQLite failures into messages that say what happened and that nothing was recorded (SQLITE_* codes stop here). */
export function storageError(err: unknown, path: string, what: string): Error {
  if (err instanceof OperationFailed || err instanceof UserError) return err;
  const native = nativeModuleError(err);
  if (native) return native;
  const code = (err as { code?: string }).code ?? '';
  const msg = (err as Error).message ?? String(err);
  if (code === 'SQLITE_FULL') {
    return new OperationFailed(`could not ${what} the evidence log at ${path}: the database or disk is full; nothing was recorded`, {
      hint: 'free disk space, then run the command again',
      cause: err,
    });
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new OperationFailed(`the evidence log at ${path} stayed locked by another aiops process; nothing was recorded`, {
      hint: 'run the command again in a moment',
      cause: err,
    });
  }
  if (code === 'SQLITE_ERROR' && /^no such table: incident_(summaries|snapshots)$/.test(msg)) {
    return new OperationFailed(`could not ${what} the evidence log at ${path}: it was written by an older aiops, and its listing tables are added the first time aiops opens it with write access (it cannot write to it here)`, {
      hint: 'run the command once as a user who may write the file (the evidence is not changed), or work on a writable copy',
      cause: err,
    });
  }
  if (code === 'SQLITE_READONLY_DIRECTORY' || code === 'SQLITE_READONLY_CANTINIT') {
    // A WAL-mode log is read through its shared-memory file (FILE-shm), which the reader creates
    // beside the log when no one has the log open: even a read needs that folder writable.
    return new OperationFailed(`could not ${what} the evidence log at ${path}: you may read the file but not create ${basename(path)}-shm beside it, which SQLite needs to read a log in WAL mode`, {
      hint: `ask for write access to ${dirname(path)} (the evidence is not changed by reading), or copy the log (and any ${basename(path)}-wal) to a folder of your own and use AIOPS_DB=COPY`,
      cause: err,
    });
  }
  if (code === 'SQLITE_READONLY' && !mayAccess(path, 'w')) {
    return new OperationFailed(`could not ${what} the evidence log at ${path}: the file is read-only to you, and this command writes to it; nothing was recorded`, {
      hint: `read commands (show, list, export, evidence verify) still work; to act, the log's owner makes it writable (chmod u+w ${path})`,
      cause: err,
    });
  }
  if (code === 'SQLITE_CANTOPEN' && existsSync(path) && !mayAccess(path, 'r')) {
    return new OperationFailed(`could not ${what} the evidence log at ${path}: you may not read it (permission denied)`, {
      hint: `the log is its owner's alone (mode 0600); run aiops as that user, or have them give you a copy to read with AIOPS_DB=COPY`,
      cause: err,
    });
  }
  if (code === 'SQLITE_NOTADB' && what === 'open') {
    return new UserError(`${path} is not an aiops evidence log: it is not a SQLite database at all`, {
      hint: 'pass --db PATH naming an aiops evidence log (a new one is created by `aiops incident start`)',
    });
  }
  if (code.startsWith('SQLITE_')) {
    return new OperationFailed(`could not ${what} the evidence log at ${path}: ${msg}`, { cause: err });
  }
  return err instanceof Error ? err : new Error(msg);
}
