import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventHash } from '../src/core/hash-chain.js';
import { encodeSnapshot } from '../src/core/incident/snapshot.js';
import { reduceIncident } from '../src/core/reducer.js';
import { type EventRow, rowToEvent } from '../src/store/row-mapping.js';
import { aiops as aiopsSpawned, type CliResult } from './helpers/cli.js';
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { asSuperuser, freshPgDatabase, pgTestUrl, pgUrlFor } from './helpers/pg.js';
import { makeProject, REPO, type TempProject } from './helpers/project.js';

// A team on one PostgreSQL server trusts the events only: each is stamped with the login that
// wrote it, and nobody may change them. Rows derived from them (the listing rows) never decide a
// command and are checked by verify; a writer's login creates no log; a postmortem says when an
// event's actor is not its login's person. Every step against a real server: in-process, one command at
// a time, and the refusal of a database with no log through the built binary itself.
const base = pgTestUrl();
const suffix = Math.random().toString(36).slice(2, 7);
const PEOPLE = ['alice', 'bob', 'carol'] as const;
const loginOf = (person: string) => `${person}_t${suffix}`;
const ALERT = join(REPO, 'fixtures', 'alerts', 'alertmanager-v4-pii-spike.json');

describe.skipIf(!base)('a team on PostgreSQL trusts the events, not rows a writer may change', () => {
  let project: TempProject;
  const dbs: { drop(): Promise<void> }[] = [];

  beforeAll(async () => {
    project = makeProject({ withScenarios: false });
    const rosterPath = join(project.dir, 'roster.yaml');
    let roster = readFileSync(rosterPath, 'utf8');
    for (const p of PEOPLE) roster = roster.replace(new RegExp(`^(\\s+${p}:\\s*\\{)`, 'm'), `$1login: ${loginOf(p)}, `);
    writeFileSync(rosterPath, roster);
    await asSuperuser(base!, async (c) => {
      for (const p of PEOPLE) await c.query(`CREATE ROLE ${loginOf(p)} LOGIN`);
    });
  });

  afterAll(async () => {
    project?.cleanup();
    for (const d of dbs) await d.drop();
    await asSuperuser(base!, async (c) => {
      for (const p of PEOPLE) await c.query(`DROP ROLE IF EXISTS ${loginOf(p)}`);
    });
  });

  /** A fresh database; with `init`, made a log by the owner's `aiops db init` (which grants the roster logins aiops_writer). */
  async function database(init: boolean, cli = aiops): Promise<{ owner: string; as(person: string, args: string[]): Promise<CliResult>; url(person: string): string }> {
    const db = await freshPgDatabase(base!, 'aiops_trust');
    dbs.push(db);
    if (init) {
      const r = await aiops(project, ['db', 'init', '--url', db.url]);
      expect(r.exitCode, r.stderr).toBe(0);
    }
    const url = (person: string) => pgUrlFor(db.url, { user: loginOf(person) });
    return { owner: db.url, url, as: (person, args) => cli(project, ['--db', url(person), ...args]) };
  }

  const events = async (url: string, id: string): Promise<EventRow[]> =>
    asSuperuser(url, async (c) => (await c.query('SELECT seq::int AS seq, incident_id, ts, actor, role, type, payload, prev_hash, hash, login FROM events WHERE incident_id = $1 ORDER BY seq', [id])).rows as EventRow[]);

  it('Given a database with no log, When a login that may create tables there runs a command, Then it is refused (exit 2) naming aiops db init, and nothing is created', async () => {
    // The binary itself, once in this file.
    const db = await database(false, aiopsSpawned);
    // The default on PostgreSQL 14 and older, granted here by hand on a newer server.
    await asSuperuser(db.owner, (c) => c.query(`GRANT CREATE ON SCHEMA public TO ${loginOf('alice')}`));
    const { hostname, port, pathname } = new URL(db.owner);
    for (const args of [['incident', 'start', '--title', 'owned', '--service', 'chat'], ['incident', 'list']]) {
      const r = await db.as('alice', args);
      expect(r.exitCode, r.stdout + r.stderr).toBe(2);
      expect(r.stderr).toContain(`no evidence log in PostgreSQL at ${hostname}:${port}, database ${pathname.slice(1)}`);
      expect(r.stderr).toContain(`aiops db init --url postgres://${hostname}:${port}${pathname}`);
      expect(r.stderr).not.toContain('start an incident');
    }
    const tables = await asSuperuser(db.owner, async (c) => (await c.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).rows);
    expect(tables).toEqual([]);
  });

  it('Given a log of schema 3 whose snapshot row bob rewrote to make himself commander, Then writes wait for db init, which drops the snapshots, and bob’s approval is refused (exit 3) with no hook run', async () => {
    const db = await database(true);
    const started = await db.as('alice', ['incident', 'start', '--trigger', 'data_leakage', '--service', 'chat', '--json']);
    expect(started.exitCode, started.stderr).toBe(0);
    const id = started.json().incident.id as string;
    // Given the server as schema 3 left it: a snapshot table every writer may rewrite
    await asSuperuser(db.owner, async (c) => {
      await c.query('DELETE FROM aiops_schema WHERE version >= 4');
      await c.query('CREATE TABLE incident_snapshots (incident_id text PRIMARY KEY, last_seq bigint NOT NULL, state text NOT NULL)');
      await c.query('GRANT SELECT, INSERT, UPDATE ON incident_snapshots TO aiops_writer');
    });
    // And bob, under his own login, folds the events and stores a state where he is commander, checksum and all
    const rows = await events(db.owner, id);
    const state = reduceIncident(rows.map(rowToEvent))!;
    const forged = { ...state, roles: { ...state.roles, commander: { person: 'bob', since: state.openedAt, source: 'manual' as const } } };
    await asSuperuser(db.url('bob'), (c) => c.query('INSERT INTO incident_snapshots (incident_id, last_seq, state) VALUES ($1, $2, $3)', [id, state.lastSeq, encodeSnapshot(forged, rows.at(-1)!.hash)]));

    // Then a write waits for the owner to bring the schema up to date
    const early = await db.as('bob', ['incident', 'approve', id, 'pause']);
    expect(early.exitCode, early.stdout + early.stderr).toBe(2);
    expect(early.stderr).toContain('holds a log of schema 3');
    expect(early.stderr).toContain('aiops db init --url postgres://');
    const init = await aiops(project, ['db', 'init', '--url', db.owner, '--json']);
    expect(init.exitCode, init.stderr).toBe(0);
    expect(init.json()).toMatchObject({ applied: [4, 5], rebuilt: [] });
    expect(await asSuperuser(db.owner, async (c) => (await c.query("SELECT to_regclass('incident_snapshots') AS t")).rows[0].t)).toBeNull();

    // And bob is not the commander: the events say so
    const approve = await db.as('bob', ['incident', 'approve', id, 'pause']);
    expect(approve.exitCode, approve.stdout + approve.stderr).toBe(3);
    const after = await events(db.owner, id);
    expect(after.filter((e) => e.type === 'approval.granted' || e.type === 'hook.started')).toEqual([]);
    expect(after.at(-1)).toMatchObject({ type: 'policy.refused', actor: 'bob', login: loginOf('bob') });
  });

  it('Then a writer holds SELECT on the log, INSERT on events and attachments, and INSERT and UPDATE on the listing rows only; there is no snapshot table', async () => {
    const db = await database(true);
    const grants = await asSuperuser(db.owner, async (c) =>
      (await c.query("SELECT table_name || ':' || privilege_type AS g FROM information_schema.role_table_grants WHERE grantee = 'aiops_writer' AND table_schema = 'public' ORDER BY 1")).rows.map((r) => r.g as string),
    );
    expect(grants).toEqual([
      'aiops_schema:SELECT',
      'attachments:INSERT',
      'attachments:SELECT',
      'chain_head:SELECT',
      'events:SELECT',
      'incident_summaries:INSERT',
      'incident_summaries:SELECT',
      'incident_summaries:UPDATE',
    ]);
  });

  it('Given a SQLite log with an incident opened from an alert, When db copy moves it over, Then incident list, inbox and the next alert of its group find it', async () => {
    const sqlite = join(project.dir, `copy-${Math.random().toString(36).slice(2, 7)}.db`);
    const opened = await aiops(project, ['--db', sqlite, '--as', 'alice', 'incident', 'start', '--from-alert', ALERT, '--json']);
    expect(opened.exitCode, opened.stderr).toBe(0);
    const id = opened.json().incident.id as string;
    const db = await database(true);
    const copy = await aiops(project, ['db', 'copy', '--from', sqlite, '--to', db.owner]);
    expect(copy.exitCode, copy.stdout + copy.stderr).toBe(0);
    expect(copy.stdout).toContain('events of 1 incident(s)');

    const list = await db.as('bob', ['incident', 'list', '--all', '--json']);
    expect(list.exitCode, list.stderr).toBe(0);
    expect(list.json().incidents.map((i: { id: string }) => i.id)).toEqual([id]);
    const inbox = await db.as('alice', ['inbox', '--json']);
    expect(inbox.exitCode, inbox.stderr).toBe(0);
    expect(inbox.json().items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'step', incident: id, step: 'assign-roles' })]));
    // The same alert again joins the open incident of its group, as it did on SQLite
    const again = await db.as('alice', ['incident', 'start', '--from-alert', ALERT, '--json']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.json()).toMatchObject({ outcome: 'appended', incident: { id } });
    const verify = await aiops(project, ['--db', db.owner, 'evidence', 'verify', '--json']);
    expect(verify.json()).toMatchObject({ ok: true, summaries: { checked: 1, problems: [] } });
  });

  it('Given bob hides an open incident by editing its listing row, Then evidence verify fails naming it (no chain break), and db init rebuilds the row', async () => {
    const db = await database(true);
    const started = await db.as('alice', ['incident', 'start', '--trigger', 'data_leakage', '--service', 'chat', '--json']);
    const id = started.json().incident.id as string;
    await asSuperuser(db.url('bob'), (c) => c.query(`UPDATE incident_summaries SET summary = replace(summary, '"status":"open"', '"status":"closed"')`));
    expect((await db.as('carol', ['incident', 'list'])).stdout).not.toContain(id);

    const verify = await aiops(project, ['--db', db.owner, 'evidence', 'verify']);
    expect(verify.exitCode).toBe(1);
    expect(verify.stdout).toContain(`LISTING MISMATCH: the listing row of ${id} differs from its events: status "closed" in the row, "open" in its events. The events verify;`);
    const json = (await aiops(project, ['--db', db.owner, 'evidence', 'verify', '--json'])).json();
    expect(json).toMatchObject({ ok: false, firstBad: null, summaries: { problems: [{ incidentId: id, kind: 'summary-differs' }] } });

    const init = await aiops(project, ['db', 'init', '--url', db.owner]);
    expect(init.stdout).toContain(`listing rows (incident list, inbox) rebuilt from the events for 1 incident(s): ${id}`);
    expect((await db.as('carol', ['incident', 'list'])).stdout).toContain(id);
    expect((await aiops(project, ['--db', db.owner, 'evidence', 'verify'])).exitCode).toBe(0);
  });

  it('Given bob inserts a note under his own login with actor alice and a correct hash, Then the postmortem export says verification FAILED with the reason and exits 1', async () => {
    const db = await database(true);
    const started = await db.as('alice', ['incident', 'start', '--trigger', 'data_leakage', '--service', 'chat', '--json']);
    const id = started.json().incident.id as string;
    const seq = await asSuperuser(db.url('bob'), async (c) => {
      const head = (await c.query('SELECT seq::int AS seq, hash FROM events ORDER BY seq DESC LIMIT 1')).rows[0] as { seq: number; hash: string };
      const row = { seq: head.seq + 1, incident_id: id, ts: new Date().toISOString(), actor: 'alice', role: 'commander', type: 'note.added', payload: { text: 'alice said so', attachments: [] } };
      const hash = eventHash(head.hash, { ...row, login: loginOf('bob') });
      await c.query('INSERT INTO events (seq, incident_id, ts, actor, role, type, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
        row.seq, row.incident_id, row.ts, row.actor, row.role, row.type, JSON.stringify(row.payload), head.hash, hash,
      ]);
      return row.seq;
    });
    const reason = `seq ${seq}: actor "alice" but written by database login "${loginOf('bob')}" (roster person bob)`;
    const md = await db.as('carol', ['export', id]);
    expect(md.exitCode).toBe(1);
    // (Markdown escapes the login's underscore.)
    expect(md.stdout).toContain(`**EVIDENCE VERIFICATION FAILED:** first bad seq ${seq} (forged-actor): ${reason.replaceAll('_', '\\_')};`);
    expect(md.stdout).toContain(`**FAILED VERIFICATION (seq ${seq}, forged-actor):** Note: alice said so`);
    expect(md.stdout).not.toContain('Evidence verified');
    expect(md.stderr).toContain(`the evidence log failed verification (first bad seq ${seq}: ${reason})`);
    const json = await db.as('carol', ['export', id, '--format', 'json']);
    expect(json.exitCode).toBe(1);
    expect(JSON.parse(json.stdout).verification).toMatchObject({ ok: false, firstBad: { seq, kind: 'forged-actor', message: reason } });
    // The whole-log check says the same
    expect((await db.as('carol', ['evidence', 'verify'])).stdout).toContain(`FORGED ACTOR: first bad seq ${seq} (incident ${id}): ${reason}`);
  });
});

describe('a SQLite log’s listing rows are checked by verify too', () => {
  it('Given a listing row edited in the file, Then evidence verify fails naming the incident, with the chain intact', async () => {
    const project = makeProject({ withScenarios: false });
    try {
      const started = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--service', 'chat', '--json'], { as: 'alice' });
      const id = started.json().incident.id as string;
      const db = new Database(project.db);
      try {
        db.prepare(`UPDATE incident_summaries SET summary = replace(summary, '"status":"open"', '"status":"closed"')`).run();
      } finally {
        db.close();
      }
      const verify = await aiops(project, ['evidence', 'verify']);
      expect(verify.exitCode).toBe(1);
      expect(verify.stdout).toContain(`LISTING MISMATCH: the listing row of ${id} differs from its events: status "closed" in the row, "open" in its events.`);
      // And the check of that one incident says so too (it said ok while list showed the edited row)
      const scoped = await aiops(project, ['evidence', 'verify', id, '--json']);
      expect(scoped.exitCode).toBe(1);
      expect(scoped.json()).toMatchObject({ ok: false, summaries: { checked: 1, problems: [{ incidentId: id, kind: 'summary-differs' }] } });
      // A row deleted is named as missing
      const gone = new Database(project.db);
      try {
        gone.prepare('DELETE FROM incident_summaries').run();
      } finally {
        gone.close();
      }
      const missing = await aiops(project, ['evidence', 'verify', id]);
      expect(missing.exitCode).toBe(1);
      expect(missing.stdout).toContain(`${id} has no listing row`);
    } finally {
      project.cleanup();
    }
  });
});
