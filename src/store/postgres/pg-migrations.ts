import { SUMMARY_EVENT_TYPES, summarizeLog } from '../../core/incident/summary-row.js';
import { type EventRow, rowToEvent } from '../row-mapping.js';
import type { PgConn, Query } from './pg-connection.js';

/** Transaction-scoped advisory lock keys: one serialises appends, one migrations (and db init). */
export const APPEND_LOCK = 418430855283; // 'aiops' as a number
export const MIGRATE_LOCK = 418430855284;

/**
 * Schema versions, applied in order inside one transaction; aiops_schema records each one applied.
 * Same table and hash rule as SQLite, plus `login`: the server stamps session_user into it (a
 * column default, and a trigger so a client cannot set another), and the row hash covers it.
 * `{schema}` is the schema the log lives in (quoted).
 */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE {schema}.events (
    seq         bigint PRIMARY KEY,
    incident_id text NOT NULL,
    ts          text NOT NULL,
    actor       text NOT NULL,
    role        text,
    type        text NOT NULL,
    payload     text NOT NULL,
    prev_hash   text NOT NULL,
    hash        text NOT NULL,
    -- NULL only on rows \`aiops db copy\` brought from a SQLite log: their hash covers no login.
    login       text DEFAULT session_user
  );
  CREATE INDEX events_incident ON {schema}.events (incident_id, seq);
  CREATE INDEX events_type ON {schema}.events (type, seq);
  CREATE TABLE {schema}.chain_head (
    id   integer PRIMARY KEY CHECK (id = 1),
    seq  bigint NOT NULL,
    hash text NOT NULL
  );
  CREATE TABLE {schema}.attachments (
    sha256 text PRIMARY KEY,
    name   text NOT NULL,
    size   bigint NOT NULL,
    data   bytea NOT NULL
  );

  CREATE FUNCTION {schema}.aiops_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'the evidence log is append-only: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
  END $$;
  CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON {schema}.events FOR EACH ROW EXECUTE FUNCTION {schema}.aiops_refuse_change();
  CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON {schema}.events FOR EACH STATEMENT EXECUTE FUNCTION {schema}.aiops_refuse_change();
  CREATE TRIGGER attachments_append_only BEFORE UPDATE OR DELETE ON {schema}.attachments FOR EACH ROW EXECUTE FUNCTION {schema}.aiops_refuse_change();
  CREATE TRIGGER attachments_no_truncate BEFORE TRUNCATE ON {schema}.attachments FOR EACH STATEMENT EXECUTE FUNCTION {schema}.aiops_refuse_change();

  CREATE FUNCTION {schema}.aiops_stamp_login() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    NEW.login := session_user;
    RETURN NEW;
  END $$;
  CREATE TRIGGER events_login BEFORE INSERT ON {schema}.events FOR EACH ROW EXECUTE FUNCTION {schema}.aiops_stamp_login();

  -- Writers hold INSERT and SELECT only: the recorded head is kept by the owner's trigger.
  CREATE FUNCTION {schema}.aiops_record_head() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  BEGIN
    INSERT INTO {schema}.chain_head (id, seq, hash) VALUES (1, NEW.seq, NEW.hash)
      ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash;
    RETURN NULL;
  END $$;
  CREATE TRIGGER events_head AFTER INSERT ON {schema}.events FOR EACH ROW EXECUTE FUNCTION {schema}.aiops_record_head();
  `,
  // Derived rows, not evidence: each incident's latest snapshot (checked against the chain before
  // use) and its summary for listings, written in the append's transaction.
  `
  CREATE TABLE {schema}.incident_snapshots (incident_id text PRIMARY KEY, last_seq bigint NOT NULL, state text NOT NULL);
  CREATE TABLE {schema}.incident_summaries (incident_id text PRIMARY KEY, opened_seq bigint NOT NULL, summary text NOT NULL);
  CREATE INDEX incident_summaries_opened ON {schema}.incident_summaries (opened_seq);
  `,
];

/** What a version needs beyond its SQL: version 2 fills the summaries of a log written before them. */
const AFTER_MIGRATION: Record<number, (q: Query, s: string) => Promise<void>> = {
  2: async (q, s) => {
    const types = [...SUMMARY_EVENT_TYPES];
    const rows = await q<EventRow>(`SELECT seq, incident_id, ts, actor, role, type, payload, prev_hash, hash, login FROM ${s}.events WHERE type = ANY($1) ORDER BY seq`, [types]);
    for (const [id, { openedSeq, row }] of summarizeLog(rows.map(rowToEvent))) {
      if (row) await q(`INSERT INTO ${s}.incident_summaries (incident_id, opened_seq, summary) VALUES ($1, $2, $3)`, [id, openedSeq, JSON.stringify(row)]);
    }
  },
};

export const PG_SCHEMA_VERSION = MIGRATIONS.length;

/** The schema version of the log in `schema` (0: no aiops tables there). */
export async function schemaVersion(q: Query, schema: string): Promise<number> {
  const exists = await q<{ t: string | null }>('SELECT to_regclass($1) AS t', [`${quoteIdent(schema)}.aiops_schema`]);
  if (!exists[0]?.t) return 0;
  const rows = await q<{ v: number | null }>(`SELECT max(version)::int AS v FROM ${quoteIdent(schema)}.aiops_schema`);
  return rows[0]?.v ?? 0;
}

/**
 * Brings the schema up to PG_SCHEMA_VERSION in one transaction under the migration lock, so two
 * owners running `db init` at once apply each version once. Returns the versions applied.
 */
export async function migratePg(conn: PgConn, schema: string): Promise<number[]> {
  const s = quoteIdent(schema);
  return conn.transaction(async (q) => {
    await q('SELECT pg_advisory_xact_lock($1)', [MIGRATE_LOCK]);
    await q(`CREATE TABLE IF NOT EXISTS ${s}.aiops_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const current = await schemaVersion(q, schema);
    if (current > PG_SCHEMA_VERSION) {
      throw new Error(`the log was written by a newer aiops (schema ${current}, this one knows ${PG_SCHEMA_VERSION}); upgrade aiops`);
    }
    const applied: number[] = [];
    for (let v = current; v < PG_SCHEMA_VERSION; v++) {
      await q(MIGRATIONS[v]!.replaceAll('{schema}', s));
      await AFTER_MIGRATION[v + 1]?.(q, s);
      await q(`INSERT INTO ${s}.aiops_schema (version) VALUES ($1)`, [v + 1]);
      applied.push(v + 1);
    }
    return applied;
  });
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
