import type Database from 'better-sqlite3';
import type { StoredEvent } from '../../core/events.js';
import { type EventRow, rowToEvent } from '../row-mapping.js';
import type { IncidentRead } from '../types.js';

/** One incident's read, bound to a connection. */
export type SqliteReadIncident = (id: string, read?: IncidentRead) => StoredEvent[];

/**
 * The SQL of an incident read. `INDEXED BY events_incident` makes every variant (a types filter
 * included, where SQLite might otherwise pick events_type and scan every incident's rows of those
 * types) read through the (incident_id, seq) index, or fail loudly if it ever could not.
 */
export function incidentReadSql(typeCount: number | null, newestFirst: boolean): string {
  const types = typeCount === null ? '' : ` AND type IN (${Array.from({ length: typeCount }, () => '?').join(', ')})`;
  return (
    'SELECT * FROM events INDEXED BY events_incident WHERE incident_id = ? AND seq > ? AND seq < ?' +
    `${types} ORDER BY seq ${newestFirst ? 'DESC' : 'ASC'} LIMIT ?`
  );
}

/** Prepares the incident read of a connection; statements are prepared once per shape (type count, direction). */
export function prepareReadIncident(db: Database.Database): SqliteReadIncident {
  const statements = new Map<string, Database.Statement>();
  const statementFor = (typeCount: number | null, newestFirst: boolean): Database.Statement => {
    const key = `${typeCount}:${newestFirst}`;
    let stmt = statements.get(key);
    if (!stmt) {
      stmt = db.prepare(incidentReadSql(typeCount, newestFirst));
      statements.set(key, stmt);
    }
    return stmt;
  };
  return (id, read = {}) => {
    if (read.types && read.types.length === 0) return [];
    if (read.limit !== undefined && read.limit <= 0) return [];
    const newestFirst = read.newestFirst === true;
    const stmt = statementFor(read.types ? read.types.length : null, newestFirst);
    const rows = stmt.all(id, read.afterSeq ?? 0, read.beforeSeq ?? Number.MAX_SAFE_INTEGER, ...(read.types ?? []), read.limit ?? -1) as EventRow[];
    if (newestFirst) rows.reverse();
    return rows.map(rowToEvent);
  };
}
