import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../core/errors.js';
import type { EventLog, OpenLogOptions } from './types.js';

/** Where a location points: a file, a fresh in-memory log, or a scheme this build cannot open. */
type Location = { kind: 'file'; path: string } | { kind: 'memory' } | { kind: 'postgres'; url: string } | { kind: 'unsupported'; scheme: string };

/** `memory:` and `:memory:` are the in-memory log; `postgres://` / `postgresql://` PostgreSQL; `file:` URLs and plain paths are SQLite files; other schemes are refused. */
function parseLocation(location: string): Location {
  if (location === 'memory:' || location === ':memory:') return { kind: 'memory' };
  if (location.startsWith('file:')) return { kind: 'file', path: filePath(location) };
  if (/^postgres(ql)?:/i.test(location)) return { kind: 'postgres', url: location };
  // Two letters at least, so a Windows drive (C:\…) stays a path.
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(location)?.[1];
  if (scheme) return { kind: 'unsupported', scheme: scheme.toLowerCase() };
  return { kind: 'file', path: location };
}

function filePath(url: string): string {
  try {
    return fileURLToPath(url);
  } catch (err) {
    throw new UserError(`${url} is not a file URL an evidence log can be opened from: ${(err as Error).message}`, {
      hint: 'pass --db with a plain path or an absolute file:/// URL',
    });
  }
}

function unsupported(scheme: string): UserError {
  // Only the scheme is named: a URL may carry a password.
  return new UserError(`evidence logs at ${scheme}: locations are not supported yet`, {
    hint: 'pass --db PATH to a SQLite file, postgres://HOST/DB for PostgreSQL (or memory: for a throwaway log)',
  });
}

/**
 * Opens the evidence log at `location`: a path (SQLite), `memory:` (a fresh in-memory log), or a
 * postgres:// URL (credentials from libpq's sources: PGPASSWORD, ~/.pgpass, …). A missing log is
 * created only with `create`.
 */
export async function openEventLog(location: string, opts: OpenLogOptions = {}): Promise<EventLog> {
  const where = parseLocation(location);
  if (where.kind === 'unsupported') throw unsupported(where.scheme);
  if (where.kind === 'memory') {
    // Each adapter loads when its location is opened: a command pays only for the log it uses.
    const { MemoryEventLog } = await import('./memory/memory-event-log.js');
    return new MemoryEventLog();
  }
  if (where.kind === 'postgres') {
    const { openPostgresLog } = await import('./postgres/open-postgres.js');
    return openPostgresLog(where.url, opts);
  }
  // Loaded here so commands that never open a log never load better-sqlite3.
  const { loadSqliteAdapter } = await import('./sqlite/native-module.js');
  const { openSqliteLog } = await loadSqliteAdapter(() => import('./sqlite/open-sqlite.js'));
  return openSqliteLog(where.path, opts);
}

/**
 * Whether a log is already at `location` (a fresh `memory:` log never is). A directory or a FIFO
 * where a file should be is a UserError, as openEventLog would say.
 */
/** True for a file location with no log file there (never for memory: or a server, which have no file to mistype). */
export async function missingLogFile(location: string): Promise<boolean> {
  const where = parseLocation(location);
  if (where.kind !== 'file') return false;
  const { logFileExists } = await import('./sqlite/log-file.js');
  return !logFileExists(where.path);
}

export async function logExists(location: string): Promise<boolean> {
  const where = parseLocation(location);
  if (where.kind === 'memory') return false;
  if (where.kind === 'unsupported') throw unsupported(where.scheme);
  if (where.kind === 'postgres') {
    const { postgresLogExists } = await import('./postgres/open-postgres.js');
    return postgresLogExists(where.url);
  }
  const { logFileExists } = await import('./sqlite/log-file.js');
  return logFileExists(where.path);
}

/** A new SQLite log's file, and what stops its directory from holding it (null: nothing does). */
export interface NewLogFile {
  path: string;
  directory: string;
  problem: 'does not exist' | 'is not a directory' | null;
}

/**
 * The file a log at `location` would be created as, when it is a SQLite file not there yet; null
 * when the log is there, or `location` is no file (memory:, postgres://), whose creation is its own.
 */
export async function newLogFile(location: string): Promise<NewLogFile | null> {
  const where = parseLocation(location);
  if (where.kind !== 'file') return null;
  const { logFileExists } = await import('./sqlite/log-file.js');
  if (logFileExists(where.path)) return null;
  const directory = dirname(resolve(where.path));
  let problem: NewLogFile['problem'] = null;
  try {
    if (!statSync(directory).isDirectory()) problem = 'is not a directory';
  } catch (err) {
    // Anything else (a directory this user may not search) is for the create itself to report.
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') problem = 'does not exist';
  }
  return { path: where.path, directory, problem };
}
