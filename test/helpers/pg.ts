import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { initSharedLog } from '../../src/store/admin.js';
import { openEventLog } from '../../src/store/index.js';
import type { EventLog } from '../../src/store/types.js';
import type { EventRow } from '../../src/store/row-mapping.js';

/**
 * The real PostgreSQL server the tests run against: $AIOPS_TEST_PG, a superuser URL (.ci/run
 * starts a throwaway cluster through .ci/pg-cluster.sh and sets it). In CI (AIOPS_TEST_PG_REQUIRED,
 * set by that script, or CI=true) a missing server fails the run; on a developer machine the tests
 * are skipped with one line saying how to run them.
 */
export function pgTestUrl(): string | null {
  const url = process.env.AIOPS_TEST_PG;
  if (url) return url;
  if (process.env.AIOPS_TEST_PG_REQUIRED || process.env.CI === 'true') {
    throw new Error('AIOPS_TEST_PG is not set but a PostgreSQL server is required here: .ci/pg-cluster.sh should have started one');
  }
  const g = globalThis as { aiopsPgSkipSaid?: boolean };
  if (!g.aiopsPgSkipSaid) {
    g.aiopsPgSkipSaid = true;
    console.warn('skipped: the PostgreSQL tests (no AIOPS_TEST_PG). Run them with: source .ci/pg-cluster.sh && pg_cluster_start && npx vitest run');
  }
  return null;
}

/** A URL for the same server with another login and/or database. */
export function pgUrlFor(base: string, opts: { user?: string; database?: string }): string {
  const u = new URL(base);
  if (opts.user !== undefined) u.username = opts.user;
  if (opts.database) u.pathname = `/${opts.database}`;
  return u.toString();
}

/** Runs SQL as the superuser of `url`. */
export async function asSuperuser<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A fresh empty database on the test server; `drop` removes it (and any connection left on it). */
export async function freshPgDatabase(base: string, prefix = 'aiops_t'): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await asSuperuser(base, (c) => c.query(`CREATE DATABASE ${name}`));
  return {
    url: pgUrlFor(base, { database: name }),
    name,
    drop: () => asSuperuser(base, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}

/**
 * A fresh empty schema on the test server's database, as the search_path of the returned URL
 * (much cheaper than a database per test); `drop` removes it.
 */
export async function freshPgSchema(base: string, prefix = 'aiops_t'): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await asSuperuser(base, (c) => c.query(`CREATE SCHEMA ${name}`));
  const u = new URL(base);
  u.searchParams.set('options', `-c search_path=${name}`);
  return {
    url: u.toString(),
    name,
    drop: () => asSuperuser(base, (c) => c.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`)).then(() => {}),
  };
}

/** Makes the log at `url` as `aiops db init` does (only it creates a log on PostgreSQL), then opens it. */
export async function initPgLog(url: string): Promise<EventLog> {
  await initSharedLog(url, []);
  return openEventLog(url);
}

/** Creates login roles that do not exist yet (no password: the test cluster trusts local connections). */
export async function ensureLogins(base: string, logins: readonly string[]): Promise<void> {
  await asSuperuser(base, async (c) => {
    for (const l of logins) {
      const exists = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [l]);
      if (exists.rowCount === 0) await c.query(`CREATE ROLE ${l} LOGIN`);
    }
  });
}

/** Drops login roles a test made (those that exist). */
export async function dropLogins(base: string, logins: readonly string[]): Promise<void> {
  await asSuperuser(base, async (c) => {
    for (const l of logins) await c.query(`DROP ROLE IF EXISTS ${l}`);
  });
}

/** Rewrites the events table behind aiops's back as a superuser (user triggers off, so the recorded head and logins stay as edited). */
export async function tamperPg(url: string, edit: (rows: EventRow[]) => EventRow[]): Promise<void> {
  await asSuperuser(url, async (c) => {
    await c.query('BEGIN');
    await c.query('ALTER TABLE events DISABLE TRIGGER USER');
    const rows = (await c.query('SELECT seq::int AS seq, incident_id, ts, actor, role, type, payload, prev_hash, hash, login FROM events ORDER BY seq')).rows as EventRow[];
    const edited = edit(rows);
    await c.query('DELETE FROM events');
    for (const r of edited) {
      await c.query('INSERT INTO events (seq, incident_id, ts, actor, role, type, payload, prev_hash, hash, login) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)', [
        r.seq, r.incident_id, r.ts, r.actor, r.role, r.type, r.payload, r.prev_hash, r.hash, r.login,
      ]);
    }
    await c.query('ALTER TABLE events ENABLE TRIGGER USER');
    await c.query('COMMIT');
  });
}
