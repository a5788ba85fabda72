import { accessSync, constants, statSync } from 'node:fs';
import { UserError } from '../../core/errors.js';

const HINT = 'pass --db PATH naming the database file (a new one is created by `aiops incident start`)';

/**
 * Whether a regular file is at `path`. Anything else there (a directory, a FIFO, a socket, a
 * device) is refused here, before SQLite would open it: a FIFO would block the open forever.
 */
export function logFileExists(path: string): boolean {
  let stat;
  try {
    stat = statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return false;
    throw new UserError(`cannot read the evidence log at ${path}: ${(err as Error).message}`, { hint: HINT });
  }
  if (stat.isFile()) return true;
  const what = stat.isDirectory() ? 'a directory' : stat.isFIFO() ? 'a named pipe (FIFO)' : stat.isSocket() ? 'a socket' : 'not a regular file';
  throw new UserError(`the evidence log at ${path} is ${what}, not a database file`, { hint: HINT });
}

/** Whether this process may read (`'r'`) or write (`'w'`) the file at `path`. */
export function mayAccess(path: string, how: 'r' | 'w'): boolean {
  try {
    accessSync(path, how === 'r' ? constants.R_OK : constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
