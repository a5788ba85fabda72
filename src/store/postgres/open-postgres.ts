import { UserError } from '../../core/errors.js';
import type { OpenLogOptions } from '../types.js';
import { PgConn } from './pg-connection.js';
import { PgEventLog } from './pg-event-log.js';
import { printableLocation } from './pg-location.js';
import { PG_SCHEMA_VERSION, migratePg, schemaVersion } from './pg-migrations.js';

/**
 * Opens the log in a PostgreSQL database. The schema is made by `aiops db init` (the owner);
 * with `create` a login that may create tables makes it too (tests, a one-person setup). A
 * reader never writes.
 */
export async function openPostgresLog(location: string, opts: OpenLogOptions = {}): Promise<PgEventLog> {
  const conn = await PgConn.connect(location);
  const where = `PostgreSQL at ${conn.where.host}:${conn.where.port}, database ${conn.where.database}`;
  try {
    const version = await schemaVersion(conn.query, conn.schema);
    if (version > PG_SCHEMA_VERSION) {
      throw new UserError(`${where} holds a log written by a newer aiops (schema ${version}, this one knows ${PG_SCHEMA_VERSION})`, { hint: 'upgrade aiops' });
    }
    if (version === 0 && (opts.readonly || !opts.create)) {
      throw new UserError(`no evidence log in ${where}`, { hint: 'the database owner runs `aiops db init --url URL` once; or start an incident first' });
    }
    if (version < PG_SCHEMA_VERSION && !opts.readonly) await migratePg(conn, conn.schema);
    return new PgEventLog(conn, printableLocation(location));
  } catch (err) {
    await conn.end().catch(() => {});
    throw err;
  }
}

/** Whether the database at `location` already holds an aiops log. */
export async function postgresLogExists(location: string): Promise<boolean> {
  const conn = await PgConn.connect(location);
  try {
    return (await schemaVersion(conn.query, conn.schema)) > 0;
  } finally {
    await conn.end().catch(() => {});
  }
}
