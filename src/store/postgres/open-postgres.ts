import { UserError } from '../../core/errors.js';
import type { OpenLogOptions } from '../types.js';
import { PgConn } from './pg-connection.js';
import { PgEventLog } from './pg-event-log.js';
import { printableLocation } from './pg-location.js';
import { PG_SCHEMA_VERSION, schemaVersion } from './pg-migrations.js';

/**
 * Opens the log in a PostgreSQL database. Only `aiops db init` (the database owner) creates or
 * migrates it: a command that made the schema would make its login the tables' owner, who may turn
 * the login-stamping trigger off and write events under any name. `create` does not apply here.
 * A reader never writes.
 */
export async function openPostgresLog(location: string, opts: OpenLogOptions = {}): Promise<PgEventLog> {
  const conn = await PgConn.connect(location);
  const where = `PostgreSQL at ${conn.where.host}:${conn.where.port}, database ${conn.where.database}`;
  // The owner's command, not this login's: the URL without its user (nor password, nor parameters).
  const init = `aiops db init --url postgres://${conn.where.host}:${conn.where.port}/${conn.where.database}`;
  try {
    const version = await schemaVersion(conn.query, conn.schema);
    if (version > PG_SCHEMA_VERSION) {
      throw new UserError(`${where} holds a log written by a newer aiops (schema ${version}, this one knows ${PG_SCHEMA_VERSION})`, { hint: 'upgrade aiops' });
    }
    if (version === 0) {
      throw new UserError(`no evidence log in ${where} (schema ${conn.schema})`, {
        hint: `the database owner creates it once with \`${init}\` (no other command creates a log on PostgreSQL)`,
      });
    }
    if (version < PG_SCHEMA_VERSION && !opts.readonly) {
      throw new UserError(`${where} holds a log of schema ${version}; this aiops writes schema ${PG_SCHEMA_VERSION}`, {
        hint: `the database owner brings it up to date with \`${init}\` (safe to run again); reading commands work meanwhile`,
      });
    }
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
