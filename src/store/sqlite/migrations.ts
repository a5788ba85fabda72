import type Database from 'better-sqlite3';
import { backfillSummaries } from './summaries.js';

/** Schema versions, applied in order (SQL, or a step that also fills what it creates); PRAGMA user_version records the last one applied. */
const MIGRATIONS: (string | ((db: Database.Database) => void))[] = [
  `
  CREATE TABLE events (
    seq         INTEGER PRIMARY KEY,
    incident_id TEXT NOT NULL,
    ts          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    role        TEXT,
    type        TEXT NOT NULL,
    payload     TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
  );
  CREATE INDEX events_incident ON events (incident_id, seq);
  CREATE INDEX events_type ON events (type, seq);
  CREATE TRIGGER events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'the evidence log is append-only: events cannot be updated'); END;
  CREATE TRIGGER events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'the evidence log is append-only: events cannot be deleted'); END;

  CREATE TABLE chain_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
  );

  CREATE TABLE attachments (
    sha256 TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    size   INTEGER NOT NULL,
    data   BLOB NOT NULL
  );
  CREATE TRIGGER attachments_no_update BEFORE UPDATE ON attachments
    BEGIN SELECT RAISE(ABORT, 'attachments are append-only'); END;
  CREATE TRIGGER attachments_no_delete BEFORE DELETE ON attachments
    BEGIN SELECT RAISE(ABORT, 'attachments are append-only'); END;
  `,
  // Derived rows, written in each append's transaction; not evidence (verify reads only events).
  (db) => {
    db.exec(`
      CREATE TABLE incident_snapshots (incident_id TEXT PRIMARY KEY, last_seq INTEGER NOT NULL, state TEXT NOT NULL);
      CREATE TABLE incident_summaries (incident_id TEXT PRIMARY KEY, opened_seq INTEGER NOT NULL, summary TEXT NOT NULL);
      CREATE INDEX incident_summaries_opened ON incident_summaries (opened_seq);
    `);
    backfillSummaries(db);
  },
  // The default listing (not ended, no ended drill) reads only its own rows: a partial index on
  // the very terms its query writes (summaries.ts matchSql of NOT_LISTED_BY_DEFAULT).
  `CREATE INDEX incident_summaries_listed ON incident_summaries (opened_seq)
     WHERE instr(summary, '"status":"closed"') = 0 AND instr(summary, '"status":"cancelled"') = 0
       AND instr(summary, '"status":"duplicate"') = 0 AND instr(summary, '"drillEnded":true') = 0;`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the schema up to SCHEMA_VERSION inside an IMMEDIATE transaction; refuses a log from a newer aiops. */
export function migrate(db: Database.Database, path: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(
      `${path} was written by a newer aiops (schema ${current}, this one knows ${SCHEMA_VERSION}); upgrade aiops`,
    );
  }
  if (current === SCHEMA_VERSION) return;
  db.transaction(() => {
    // Another process may have migrated between the read above and this write lock: read again.
    const locked = db.pragma('user_version', { simple: true }) as number;
    for (let v = locked; v < SCHEMA_VERSION; v++) {
      const step = MIGRATIONS[v]!;
      if (typeof step === 'string') db.exec(step);
      else step(db);
    }
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
