import { OperationFailed } from '../../core/errors.js';
import { nativeModuleError } from './native-module.js';

/** Turns SQLite failures into messages that say what happened and that nothing was recorded (SQLITE_* codes stop here). */
export function storageError(err: unknown, path: string, what: string): Error {
  if (err instanceof OperationFailed) return err;
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
  if (code.startsWith('SQLITE_')) {
    return new OperationFailed(`could not ${what} the evidence log at ${path}: ${msg}`, { cause: err });
  }
  return err instanceof Error ? err : new Error(msg);
}
