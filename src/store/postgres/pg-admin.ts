import { canonicalJson } from '../../core/hash-chain.js';
import type { StoredEvent } from '../../core/events.js';
import { UserError } from '../../core/errors.js';
import { PgConn } from './pg-connection.js';
import { APPEND_LOCK, PG_SCHEMA_VERSION, migratePg, quoteIdent } from './pg-migrations.js';
import { rebuildSummaries } from './pg-summaries.js';

export const WRITER_ROLE = 'aiops_writer';

export interface PgInitReport {
  /** Where, for messages (no password). */
  where: string;
  schema: string;
  /** The schema version now, and the versions this run applied (none: it was up to date). */
  version: number;
  applied: number[];
  /** Logins that hold aiops_writer now (granted by this run or before). */
  granted: string[];
  /** Roster logins with no role on the server, and the SQL that creates each. */
  missing: { person: string; login: string; sql: string }[];
  /** Incidents whose listing row was missing or wrong and is now what their events give. */
  rebuilt: string[];
}

/**
 * A statement on roles, which belong to the whole server: a `db init` of another database may
 * create the same role or grant the same membership at the same moment, which is a duplicate (or a
 * unique violation on pg_authid / pg_auth_members), not a failure. Its own subtransaction keeps the
 * surrounding one alive.
 */
function serverWide(sql: string): string {
  // The body's quote tag must not occur in it (a login name may hold `$$`).
  let tag = '$aiops$';
  for (let n = 0; sql.includes(tag); n++) tag = `$aiops${n}$`;
  return `DO ${tag} BEGIN ${sql}; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END ${tag}`;
}

/**
 * `aiops db init`, run by the database owner: the schema (migrations), the append-only guards,
 * the group role aiops_writer (append and read the log, keep the listing rows), granted to every roster login that
 * exists, and the listing rows made what the events give. Safe to run again: each step is
 * idempotent and newer migrations are applied.
 */
export async function initPostgresLog(location: string, people: readonly { person: string; login: string }[]): Promise<PgInitReport> {
  const conn = await PgConn.connect(location);
  try {
    const applied = await migratePg(conn, conn.schema);
    const s = quoteIdent(conn.schema);
    const granted: string[] = [];
    const missing: PgInitReport['missing'] = [];
    const rebuilt = await conn.transaction(async (q) => {
      await q(serverWide(`CREATE ROLE ${WRITER_ROLE} NOLOGIN`), [], 'set up');
      await q(`GRANT USAGE ON SCHEMA ${s} TO ${WRITER_ROLE}`, [], 'set up');
      await q(`REVOKE ALL ON ${s}.events, ${s}.chain_head, ${s}.attachments, ${s}.aiops_schema FROM ${WRITER_ROLE}`, [], 'set up');
      await q(`GRANT SELECT ON ${s}.events, ${s}.chain_head, ${s}.attachments, ${s}.aiops_schema TO ${WRITER_ROLE}`, [], 'set up');
      // Not login: the server stamps it. Not UPDATE, DELETE or TRUNCATE: the log is append-only.
      await q(`GRANT INSERT (seq, incident_id, ts, actor, role, type, payload, prev_hash, hash) ON ${s}.events TO ${WRITER_ROLE}`, [], 'set up');
      await q(`GRANT INSERT ON ${s}.attachments TO ${WRITER_ROLE}`, [], 'set up');
      // The listing rows are derived, rewritten with each append (aiops_append runs with the writer's
      // rights), and never decide a command; verify compares them with the events. Nothing else a
      // writer may change is read back: there are no snapshots on PostgreSQL (migration 4).
      await q(`REVOKE ALL ON ${s}.incident_summaries FROM ${WRITER_ROLE}`, [], 'set up');
      await q(`GRANT SELECT, INSERT, UPDATE ON ${s}.incident_summaries TO ${WRITER_ROLE}`, [], 'set up');
      // One acknowledged action in one round trip; it runs with the writer's own rights.
      await q(`GRANT EXECUTE ON FUNCTION ${s}.aiops_append(text, bigint, bigint, text, bigint[], text[], text[], text[], text[], text[], text[], text[], boolean, text, text, bigint, text) TO ${WRITER_ROLE}`, [], 'set up');
      for (const p of people) {
        const exists = await q('SELECT 1 FROM pg_roles WHERE rolname = $1', [p.login]);
        if (exists.length === 0) {
          missing.push({ ...p, sql: `CREATE ROLE ${quoteIdent(p.login)} LOGIN IN ROLE ${WRITER_ROLE};` });
          continue;
        }
        await q(serverWide(`GRANT ${WRITER_ROLE} TO ${quoteIdent(p.login)}`), [], 'set up');
        granted.push(p.login);
      }
      // Rows a copy left out, or a writer edited: held still by the append lock while they are compared.
      await q('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK], 'set up');
      return rebuildSummaries(q, s);
    }, { what: 'set up' });
    return { where: `${conn.where.host}:${conn.where.port}/${conn.where.database}`, schema: conn.schema, version: PG_SCHEMA_VERSION, applied, granted, missing, rebuilt };
  } finally {
    await conn.end().catch(() => {});
  }
}

/**
 * Writes events read from another log into an empty PostgreSQL log row for row, with their seq,
 * links and hashes unchanged, so both verify to the same head, and builds their listing rows in
 * the same transaction. Their login stays NULL (the hash they were sealed with covers none); the
 * owner's session turns the stamping trigger off for this one transaction, which only the table's
 * owner may.
 */
export async function importIntoPostgres(location: string, pages: AsyncIterable<StoredEvent[]>, attachments: (sha256: string) => Promise<{ name: string; size: number; data: Buffer } | undefined>): Promise<{ events: number; head: string | null; attachments: number; incidents: number }> {
  const conn = await PgConn.connect(location);
  try {
    return await conn.transaction(async (q) => {
      // No append lands between the emptiness check and the copy's last row.
      await q('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK], 'copy into');
      const head = await q<{ seq: number }>('SELECT seq FROM events ORDER BY seq DESC LIMIT 1');
      if (head.length > 0) {
        throw new UserError(`the log at ${conn.where.host}:${conn.where.port}/${conn.where.database} already holds events (up to seq ${head[0]!.seq}); db copy writes into an empty log only`, {
          hint: 'copy into a fresh database (after `aiops db init --url URL`)',
        });
      }
      await q('ALTER TABLE events DISABLE TRIGGER events_login', [], 'copy into');
      let events = 0;
      let last: string | null = null;
      const shas = new Set<string>();
      for await (const page of pages) {
        for (const e of page) {
          await q('INSERT INTO events (seq, incident_id, ts, actor, role, type, payload, prev_hash, hash, login) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL)', [
            e.seq, e.incidentId, e.ts, e.actor, e.role, e.type, canonicalJson(e.payload), e.prevHash, e.hash,
          ], 'copy into');
          collectShas(e.payload, shas);
          events += 1;
          last = e.hash;
        }
      }
      await q('ALTER TABLE events ENABLE TRIGGER events_login', [], 'copy into');
      // incident list, inbox and serve's duplicate check read these rows, never the events.
      const incidents = (await rebuildSummaries(q, quoteIdent(conn.schema))).length;
      let copied = 0;
      for (const sha of shas) {
        const a = await attachments(sha);
        if (!a) continue;
        await q('INSERT INTO attachments (sha256, name, size, data) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING', [sha, a.name, a.size, a.data], 'copy into');
        copied += 1;
      }
      return { events, head: last, attachments: copied, incidents };
    }, { what: 'copy into' });
  } finally {
    await conn.end().catch(() => {});
  }
}

/** Attachment hashes an event's payload names ({sha256: …} anywhere in it). */
function collectShas(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) for (const v of value) collectShas(v, into);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'sha256' && typeof v === 'string' && /^[0-9a-f]{64}$/.test(v)) into.add(v);
      else collectShas(v, into);
    }
  }
}
