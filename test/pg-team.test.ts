import { PG_SCHEMA_VERSION } from '../src/store/postgres/pg-migrations.js';
import { execa } from 'execa';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventHash } from '../src/core/hash-chain.js';
import type { CliResult } from './helpers/cli.js';
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { asSuperuser, freshPgDatabase, pgTestUrl, pgUrlFor } from './helpers/pg.js';
import { makeProject, REPO, type TempProject } from './helpers/project.js';

// A team on one PostgreSQL log, every step through the built binary against a real server:
// the set-up README's "Running aiops for a team" shows, two people with their own logins, the
// refusal of a claimed name, a forged actor caught by verify, db copy, and four racing processes.
const base = pgTestUrl();
const suffix = Math.random().toString(36).slice(2, 7);
const PEOPLE = ['alice', 'bob', 'carol', 'dan'] as const;
const loginOf = (person: string) => `${person}_${suffix}`;

describe.skipIf(!base)('a team on PostgreSQL, logins as identity', () => {
  let owner: string;
  let project: TempProject;
  const dbs: { drop(): Promise<void> }[] = [];
  const urlAs = (person: string) => pgUrlFor(owner, { user: loginOf(person) });
  const as = (person: string, args: string[]) => aiops(project, ['--db', urlAs(person), ...args]);
  const incident = (person: string, ...args: string[]) => as(person, ['incident', ...args, '--json']);

  beforeAll(async () => {
    const db = await freshPgDatabase(base!, 'aiops_team');
    dbs.push(db);
    owner = db.url;
    project = makeProject({ withScenarios: false });
    // Each person connects as their own login: `login:` in the roster (their id when absent).
    const rosterPath = join(project.dir, 'roster.yaml');
    let roster = readFileSync(rosterPath, 'utf8');
    for (const p of PEOPLE) roster = roster.replace(new RegExp(`^(\\s+${p}:\\s*\\{)`, 'm'), `$1login: ${loginOf(p)}, `);
    writeFileSync(rosterPath, roster);
  });

  afterAll(async () => {
    project?.cleanup();
    for (const d of dbs) await d.drop();
    await asSuperuser(base!, async (c) => {
      for (const p of PEOPLE) await c.query(`DROP ROLE IF EXISTS ${loginOf(p)}`);
    });
  });

  it('db init as the owner makes the log and prints CREATE ROLE for missing logins; run again after creating them, it grants aiops_writer and changes nothing else', async () => {
    const first = await aiops(project, ['db', 'init', '--url', owner]);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout).toContain('applied migration 1');
    const creates = first.stdout.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('CREATE ROLE'));
    for (const p of PEOPLE) expect(creates.some((l) => l.startsWith(`CREATE ROLE "${loginOf(p)}" LOGIN IN ROLE aiops_writer;`))).toBe(true);
    // The owner runs the printed lines as they are (the test cluster trusts local logins; a real one adds PASSWORD or certificates).
    const ours = creates.filter((l) => PEOPLE.some((p) => l.startsWith(`CREATE ROLE "${loginOf(p)}"`)));
    await asSuperuser(owner, async (c) => {
      for (const line of ours) await c.query(line.split('--')[0]!);
    });
    const again = await aiops(project, ['db', 'init', '--url', owner, '--json']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.json()).toMatchObject({ applied: [], version: PG_SCHEMA_VERSION });
    // The rest of the roster (people this test gives no login) is still listed as missing, with its line.
    expect(again.json().missing.map((m: { person: string }) => m.person)).not.toContain('alice');
    expect([...again.json().granted].sort()).toEqual(PEOPLE.map(loginOf).sort());
  });

  let id = '';
  it('alice starts and works an incident as her login; bob approves from another process with his; both approvals count and the hook fires once', async () => {
    const started = await incident('alice', 'start', '--trigger', 'policy_violation', '--service', 'chat');
    expect(started.exitCode, started.stderr).toBe(0);
    id = started.json().incident.id;
    for (const [role, person] of [['reviewer', 'bob'], ['model_owner', 'carol'], ['communicator', 'dan']]) {
      const r = await incident('alice', 'assign', id, role!, person!);
      expect(r.exitCode, r.stderr).toBe(0);
    }
    expect((await incident('alice', 'approve', id, 'rollback')).exitCode).toBe(0);
    // bob's terminal names no login in the URL: PGUSER says who he is, as libpq would.
    const noUser = pgUrlFor(owner, { user: '' });
    const bob = await aiops(project, ['--db', noUser, 'incident', 'approve', id, 'rollback', '--json'], { env: { PGUSER: loginOf('bob') } });
    expect(bob.exitCode, bob.stderr).toBe(0);
    const events = await exported(['evidence', 'export', id]);
    const grants = events.filter((e) => e.type === 'approval.granted').map((e) => `${e.actor}:${e.payload.role}:${e.login}`);
    expect(grants).toEqual([`alice:commander:${loginOf('alice')}`, `bob:reviewer:${loginOf('bob')}`]);
    expect(events.filter((e) => e.type === 'hook.started')).toHaveLength(1);
  });

  it('under bob’s login, --as alice is refused (exit 3) and the attempt is logged as policy.refused by bob', async () => {
    const r = await aiops(project, ['--db', pgUrlFor(owner, { user: '' }), '--as', 'alice', 'incident', 'note', id, 'I am alice, honest'], { env: { PGUSER: loginOf('bob') } });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain(`you are bob here (database login "${loginOf('bob')}", identity: database); acting as alice is refused`);
    const refusals = (await exported(['evidence', 'export', id])).filter((e) => e.type === 'policy.refused');
    expect(refusals.at(-1)).toMatchObject({ actor: 'bob', login: loginOf('bob'), payload: { rule: 'identity.claimed', args: { claimed: 'alice' } } });
    expect((await exported(['evidence', 'export', id])).some((e) => e.type === 'note.added' && e.payload.text === 'I am alice, honest')).toBe(false);
  });

  it('evidence verify passes with every actor matching its login; the export verifies without aiops', async () => {
    const v = await as('carol', ['evidence', 'verify', '--json']);
    expect(v.exitCode, v.stdout + v.stderr).toBe(0);
    expect(v.json()).toMatchObject({ ok: true, firstBad: null, identity: { problems: [] } });
    const out = join(project.dir, 'export.jsonl');
    expect((await as('carol', ['evidence', 'export', '-o', out])).exitCode).toBe(0);
    const check = await execa('node', [join(REPO, 'tools', 'verify-export.mjs'), out], { reject: false });
    expect(check.exitCode, check.stdout).toBe(0);
  });

  it('a writer login cannot update or delete events, nor set its own login; the owner cannot update either', async () => {
    const asAlice = pgUrlFor(owner, { user: loginOf('alice') });
    await asSuperuser(asAlice, async (c) => {
      await expect(c.query("UPDATE events SET actor = 'mallory'")).rejects.toThrow(/permission denied/);
      await expect(c.query('DELETE FROM events')).rejects.toThrow(/permission denied/);
      await expect(c.query("INSERT INTO events (seq, incident_id, ts, actor, type, payload, prev_hash, hash, login) VALUES (999, 'x', 'x', 'x', 'x', '{}', 'x', 'x', 'bob')")).rejects.toThrow(/permission denied/);
    });
    await asSuperuser(owner, async (c) => {
      await expect(c.query("UPDATE events SET actor = 'mallory'")).rejects.toThrow(/append-only/);
      await expect(c.query('TRUNCATE events')).rejects.toThrow(/append-only/);
    });
  });

  it('a row a superuser inserts by hand with a forged actor (hash recomputed) is reported by evidence verify', async () => {
    const seq = await asSuperuser(owner, async (c) => {
      const head = (await c.query('SELECT seq::int AS seq, hash FROM events ORDER BY seq DESC LIMIT 1')).rows[0] as { seq: number; hash: string };
      const login = (await c.query('SELECT session_user AS u')).rows[0].u as string;
      const row = { seq: head.seq + 1, incident_id: id, ts: new Date().toISOString(), actor: 'alice', role: 'commander', type: 'note.added', payload: { text: 'alice said so', attachments: [] } };
      const hash = eventHash(head.hash, { ...row, login });
      await c.query('INSERT INTO events (seq, incident_id, ts, actor, role, type, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
        row.seq, row.incident_id, row.ts, row.actor, row.role, row.type, JSON.stringify(row.payload), head.hash, hash,
      ]);
      return row.seq;
    });
    const v = await as('carol', ['evidence', 'verify']);
    expect(v.exitCode).toBe(1);
    expect(v.stdout).toContain(`FORGED ACTOR: first bad seq ${seq} (incident ${id}): seq ${seq}: actor "alice" but written by database login "postgres", who is no roster person`);
  });

  it('db copy moves a SQLite log into PostgreSQL event for event; both verify to the same head', async () => {
    const sqlite = join(project.dir, 'local.db');
    const started = await aiops(project, ['--db', sqlite, '--as', 'alice', 'incident', 'start', '--trigger', 'policy_violation', '--service', 'chat', '--json']);
    expect(started.exitCode, started.stderr).toBe(0);
    await aiops(project, ['--db', sqlite, '--as', 'alice', 'incident', 'note', started.json().incident.id, 'kept on a laptop']);
    const target = await freshPgDatabase(base!, 'aiops_copy');
    dbs.push(target);
    expect((await aiops(project, ['db', 'init', '--url', target.url])).exitCode).toBe(0);
    const copy = await aiops(project, ['db', 'copy', '--from', sqlite, '--to', target.url]);
    expect(copy.exitCode, copy.stdout + copy.stderr).toBe(0);
    const from = (await aiops(project, ['--db', sqlite, 'evidence', 'verify', '--json'])).json();
    const to = (await aiops(project, ['--db', target.url, 'evidence', 'verify', '--json'])).json();
    expect(to).toMatchObject({ ok: true, events: from.events, head: from.head });
    expect(copy.stdout).toContain(`both logs verify to head seq ${from.head.seq} ${from.head.hash}`);
  });

  async function exported(args: string[]): Promise<any[]> {
    const r: CliResult = await as('carol', args);
    expect(r.exitCode, r.stderr).toBe(0);
    return r.stdout.trim().split('\n').slice(1).map((l) => JSON.parse(l));
  }
});
