import { UserError } from '../../core/errors.js';
import type { PgConn, Query } from './pg-connection.js';
import { rebuildSummaries } from './pg-summaries.js';

/** Transaction-scoped advisory lock keys: one serialises appends, one migrations (and db init). */
export const APPEND_LOCK = 418430855283; // 'aiops' as a number
export const MIGRATE_LOCK = 418430855284;

/** The head check of aiops_append (schema 5 on): under the append lock, before anything is written. */
const HEAD_CHECK = `
    SELECT c.seq, c.hash INTO r_seq, r_hash FROM {schema}.chain_head c WHERE c.id = 1;
    IF h_seq IS DISTINCT FROM r_seq OR h_hash IS DISTINCT FROM r_hash THEN
      RAISE EXCEPTION 'the evidence log''s last row (%) is not the chain head aiops recorded (%): rows were added, removed or replaced outside aiops; nothing was written',
        COALESCE('seq ' || h_seq, 'none'), COALESCE('seq ' || r_seq, 'none recorded') USING ERRCODE = 'data_corrupted';
    END IF;`;

/**
 * One acknowledged action in one round trip (pg-append.ts): the client seals the events after the
 * head it last saw; under the append lock this checks the incident's last seq, the head and the
 * summary row the client built on, and writes the rows, the summary row and the NOTIFY, or writes
 * nothing and says what it found. Runs with the caller's rights (writers: INSERT, SELECT).
 * Schema 3 created it; schema 5 replaced it with one that also checks the recorded head.
 */
function appendFunction(create: 'CREATE' | 'CREATE OR REPLACE', headCheck: boolean): string {
  return `
  ${create} FUNCTION {schema}.aiops_append(
    p_incident text, p_last bigint, p_head_seq bigint, p_head_hash text,
    p_seq bigint[], p_ts text[], p_actor text[], p_role text[], p_type text[], p_payload text[], p_prev text[], p_hash text[],
    p_check_summary boolean, p_summary_prev text, p_summary text, p_opened_seq bigint, p_channel text)
  RETURNS TABLE (ok boolean, last_seq bigint, head_seq bigint, head_hash text, summary text)
  LANGUAGE plpgsql AS $$
  DECLARE
    cur_last bigint;
    h_seq bigint;
    h_hash text;
    cur_summary text;${headCheck ? `
    r_seq bigint;
    r_hash text;` : ''}
    n integer := cardinality(p_seq);
  BEGIN
    PERFORM pg_advisory_xact_lock(${APPEND_LOCK});
    SELECT COALESCE(max(e.seq), 0) INTO cur_last FROM {schema}.events e WHERE e.incident_id = p_incident;
    SELECT e.seq, e.hash INTO h_seq, h_hash FROM {schema}.events e ORDER BY e.seq DESC LIMIT 1;${headCheck ? HEAD_CHECK : ''}
    IF p_check_summary THEN
      SELECT s.summary INTO cur_summary FROM {schema}.incident_summaries s WHERE s.incident_id = p_incident;
    END IF;
    IF cur_last <> p_last OR h_seq IS DISTINCT FROM p_head_seq OR h_hash IS DISTINCT FROM p_head_hash
       OR (p_check_summary AND cur_summary IS DISTINCT FROM p_summary_prev) THEN
      RETURN QUERY SELECT false, cur_last, h_seq, h_hash, cur_summary;
      RETURN;
    END IF;
    INSERT INTO {schema}.events (seq, incident_id, ts, actor, role, type, payload, prev_hash, hash)
      SELECT u.seq, p_incident, u.ts, u.actor, u.role, u.type, u.payload, u.prev, u.hash
      FROM unnest(p_seq, p_ts, p_actor, p_role, p_type, p_payload, p_prev, p_hash) AS u(seq, ts, actor, role, type, payload, prev, hash);
    IF p_summary IS NOT NULL THEN
      INSERT INTO {schema}.incident_summaries (incident_id, opened_seq, summary) VALUES (p_incident, p_opened_seq, p_summary)
        ON CONFLICT (incident_id) DO UPDATE SET summary = EXCLUDED.summary;
    END IF;
    PERFORM pg_notify(p_channel, p_seq[n]::text);
    RETURN QUERY SELECT true, p_seq[n], p_seq[n], p_hash[n], COALESCE(p_summary, cur_summary);
  END $$;
  `;
}

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
  // One acknowledged action in one round trip (pg-append.ts): the client seals the events after the
  // head it last saw; under the append lock this checks the incident's last seq, the head and the
  // summary row the client built on, and writes the rows, the summary row and the NOTIFY, or
  // writes nothing and says what it found. Runs with the caller's rights (writers: INSERT, SELECT).
  appendFunction('CREATE', false),
  // No more snapshots: every writer could rewrite that table, and a command that trusted its row
  // decided on a state another login wrote (a commander made up, an approval that never was). A
  // command folds the incident's events instead; an aiops that still reads snapshots refuses this
  // version as newer than it knows.
  `
  DROP TABLE {schema}.incident_snapshots;
  `,
  // The append refuses a log whose last row is not the recorded chain head (rows deleted or added
  // with the triggers off, or the chain_head row deleted): chaining on would move the head past the
  // damage and verify could no longer see it. Writers read chain_head already (SELECT).
  appendFunction('CREATE OR REPLACE', true),
];

/** What a version needs beyond its SQL: version 2 fills the summaries of a log written before them. */
const AFTER_MIGRATION: Record<number, (q: Query, s: string) => Promise<void>> = {
  2: async (q, s) => {
    await rebuildSummaries(q, s);
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
      throw new UserError(`PostgreSQL at ${conn.where.host}:${conn.where.port}, database ${conn.where.database} holds a log written by a newer aiops (schema ${current}, this one knows ${PG_SCHEMA_VERSION}); nothing was changed`, { hint: 'upgrade aiops' });
    }
    const applied: number[] = [];
    for (let v = current; v < PG_SCHEMA_VERSION; v++) {
      await q(MIGRATIONS[v]!.replaceAll('{schema}', s));
      await AFTER_MIGRATION[v + 1]?.(q, s);
      await q(`INSERT INTO ${s}.aiops_schema (version) VALUES ($1)`, [v + 1]);
      applied.push(v + 1);
    }
    return applied;
  }, { what: 'set up' });
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
