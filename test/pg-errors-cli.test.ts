import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { LogUnreachable } from '../src/core/errors.js';
import { newClient } from '../src/store/postgres/pg-client-options.js';
import { pgError } from '../src/store/postgres/pg-error.js';
import { aiops } from './helpers/cli.js';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { type CliLog, cliAdapters, dropCliLogins } from './helpers/cli-logs.js';
import { asSuperuser, dropLogins, freshPgDatabase, pgTestUrl, pgUrlFor } from './helpers/pg.js';
import { makeProject, type TempProject } from './helpers/project.js';

// What a person is told when the PostgreSQL log cannot be used: exit 2 with what to fix for their
// own mistakes (a bad URL, sslmode against a server without SSL, the wrong login, a command that
// needs the owner), exit 1 for a log that cannot be reached; never "a bug in aiops", never a
// library's warning on every command.
const base = pgTestUrl();
const projects: TempProject[] = [];
const logs: CliLog[] = [];
const stray = `mallory_${Math.random().toString(36).slice(2, 7)}`;
afterAll(async () => {
  projects.forEach((p) => p.cleanup());
  for (const l of logs) await l.cleanup();
  await dropCliLogins();
  if (base) await dropLogins(base, [stray]);
});

function project(): TempProject {
  const p = makeProject({ withScenarios: false });
  projects.push(p);
  return p;
}

function refused(r: { exitCode: number; stderr: string }, code = 2): string {
  expect(r.exitCode, r.stderr).toBe(code);
  expect(r.stderr).not.toMatch(/bug in aiops|SECURITY WARNING|DeprecationWarning/);
  return r.stderr;
}

describe('a postgres:// location aiops cannot use', () => {
  it('Given a URL the driver cannot parse (a port that is no number), Then exit 2 naming it with the password hidden, not a bug', async () => {
    const p = project();
    const r = await aiops(p, ['--db', 'postgres://al:s3cret-pw@127.0.0.1:notaport/x', 'incident', 'list']);
    expect(refused(r)).toContain('aiops: postgres://al:***@127.0.0.1:notaport/x is not a PostgreSQL URL aiops can use (Invalid URL)');
    expect(r.stderr).not.toContain('s3cret-pw');
    const json = await aiops(p, ['--db', 'postgres://127.0.0.1:notaport/x', 'incident', 'list', '--json']);
    expect(json.json().error).toMatchObject({ kind: 'invalid-input' });
  });

  it('Given an sslmode node-postgres does not know, in the URL or PGSSLMODE, Then exit 2 naming the value and the ones it takes, before connecting', async () => {
    const p = project();
    // (nothing listens on port 9: the value is refused before any connection is tried)
    const r = await aiops(p, ['--db', 'postgres://alice:s3cret-pw@127.0.0.1:9/aiops?sslmode=bogus', 'incident', 'list']);
    expect(refused(r)).toContain('aiops: sslmode="bogus" in postgres://alice:***@127.0.0.1:9/aiops?sslmode=bogus is not an sslmode; it is one of disable, prefer, require, verify-ca, verify-full, no-verify');
    expect(r.stderr).not.toMatch(/does not offer SSL|s3cret-pw|cannot be reached/);
    const libpq = await aiops(p, ['--db', 'postgres://127.0.0.1:9/aiops?uselibpqcompat=true&sslmode=no-verify', 'incident', 'list']);
    expect(refused(libpq)).toContain('is not an sslmode (with uselibpqcompat=true); it is one of disable, prefer, require, verify-ca, verify-full');
    const env = await aiops(p, ['--db', 'postgres://127.0.0.1:9/aiops', 'incident', 'list'], { env: { PGSSLMODE: 'Require' } });
    expect(refused(env)).toContain('PGSSLMODE="Require" is not an sslmode; it is one of disable, prefer, require, verify-ca, verify-full, no-verify');
  });

  it('Given db copy from a file that is missing or no log, or to a path, Then exit 2 saying what --from and --to want', async () => {
    const p = project();
    const missing = await aiops(p, ['db', 'copy', '--from', 'nope.db', '--to', 'postgres://127.0.0.1/x']);
    expect(refused(missing)).toContain(`--from ${join(p.dir, 'nope.db')}: no evidence log there`);
    expect(missing.stderr).toContain('try: name the SQLite log to copy with --from');
    const yaml = await aiops(p, ['db', 'copy', '--from', 'aiops.yaml', '--to', 'postgres://127.0.0.1/x']);
    expect(refused(yaml)).toContain(`--from ${join(p.dir, 'aiops.yaml')} is not an aiops evidence log: it is not a SQLite database at all`);
    const to = await aiops(p, ['db', 'copy', '--from', 'aiops.yaml', '--to', '/tmp/copy.db']);
    expect(refused(to)).toContain('try: db copy copies a SQLite log into PostgreSQL');
    expect(to.stderr).not.toContain('PGPASSWORD');
    // the same file given as --db is refused the same way (it was "file is not a database", exit 1)
    expect(refused(await aiops(p, ['--db', 'aiops.yaml', 'incident', 'list']))).toContain('is not an aiops evidence log');
  });
});

describe('what a lost connection is said to have recorded', () => {
  const where = { host: 'db.example', port: '5432', database: 'aiops', user: 'alice' };
  it('Given the connection goes during a read, before COMMIT, or on a call the driver never sent, Then nothing was recorded; during COMMIT, it may have been', () => {
    const terminated = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    for (const [err, phase] of [
      [terminated, 'read'],
      [new Error('Connection terminated unexpectedly'), 'uncommitted'],
      [new Error('Client has encountered a connection error and is not queryable'), 'unsent'],
    ] as const) {
      const e = pgError(err, where, 'write to', [], phase) as LogUnreachable;
      expect(e).toBeInstanceOf(LogUnreachable);
      expect([e.inDoubt, e.location]).toEqual([false, 'db.example:5432/aiops']);
      expect(e.message).toMatch(/the connection to PostgreSQL at db\.example:5432, database aiops was lost \(.+\); nothing was recorded$/);
    }
    const doubt = pgError(new Error('Connection terminated unexpectedly'), where, 'write to', [], 'commit') as LogUnreachable;
    expect(doubt.inDoubt).toBe(true);
    expect(doubt.message).toContain('was lost while the write was committing (Connection terminated unexpectedly); it may or may not have been recorded');
    expect(pgError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), where, 'open')).toBeInstanceOf(LogUnreachable);
  });
});

describe('credentials from ~/.pgpass', () => {
  it('Given no password in the URL or PGPASSWORD, Then the client reads PGPASSFILE itself, and pg prints no deprecation warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aiops-pgpass-'));
    const file = join(dir, 'pgpass');
    writeFileSync(file, 'db.example:5432:aiops:alice:pw-from-file\n');
    chmodSync(file, 0o600);
    const env = { PGPASSFILE: process.env.PGPASSFILE, PGPASSWORD: process.env.PGPASSWORD };
    const warn = vi.spyOn(process, 'emitWarning');
    try {
      process.env.PGPASSFILE = file;
      delete process.env.PGPASSWORD;
      const found: { password?: string } = {};
      const client = newClient(pg, 'postgres://alice@db.example:5432/aiops?sslmode=require', found);
      const password = (client as unknown as { password: (p: object) => Promise<string | undefined> }).password;
      expect(await password({ host: 'db.example', port: 5432, database: 'aiops', user: 'alice' })).toBe('pw-from-file');
      expect(found.password).toBe('pw-from-file');
      expect(await password({ host: 'db.example', port: 5432, database: 'aiops', user: 'bob' })).toBeUndefined();
      // sslmode=require is given to pg as the verify-full it means there: the same check, no 8-line warning
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
      for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!base)('a PostgreSQL log used by the wrong login, or set up where it cannot be', () => {
  // The log is set up in-process (db init, the incident a test starts): what these tests check is
  // the binary's answer to each wrong use, and every such command below spawns it.
  const make = async () => {
    const log = await cliAdapters().find((a) => a.adapter === 'postgres')!.make({ inProcess: true });
    logs.push(log);
    return log;
  };
  // One log for the tests whose refusals do not depend on what it holds (one starts an incident);
  // db copy, which wants an empty log, and the test that changes the schema make their own.
  let sharedLog: Promise<CliLog> | undefined;
  const shared = () => (sharedLog ??= make());

  it('Given sslmode=require (URL or PGSSLMODE) and a server without SSL, Then exit 2 with how to connect, and no SECURITY WARNING', async () => {
    const ssl = await asSuperuser(base!, (c) => c.query<{ ssl: string }>('SHOW ssl'));
    if (ssl.rows[0]!.ssl === 'on') return; // this server offers SSL: nothing to refuse
    const log = await shared();
    const url = new URL(log.db('alice'));
    url.searchParams.set('sslmode', 'require');
    for (const [db, env] of [[url.toString(), {}], [log.db('alice'), { PGSSLMODE: 'require' }]] as const) {
      const r = await aiops(log.project, ['--db', db, 'incident', 'list'], { env });
      expect(refused(r)).toContain('does not offer SSL, and sslmode (in the URL or PGSSLMODE) asks for it');
      expect(r.stderr).toContain('try: drop sslmode from the URL and unset PGSSLMODE');
    }
  });

  it('Given a login that belongs to no roster person, Then refused (exit 3) saying to map it with login: in the roster, not --as', async () => {
    const log = await shared();
    await asSuperuser(base!, (c) => c.query(`CREATE ROLE ${stray} LOGIN IN ROLE aiops_writer`));
    const started = await log.as('alice', ['incident', 'start', '--trigger', 'policy_violation', '--service', 'chat', '--json']);
    const id = started.json().incident.id as string;
    const r = await aiops(log.project, ['--db', pgUrlFor(log.db(), { user: stray }), 'incident', 'note', id, 'hello']);
    expect(refused(r, 3)).toContain(`database login "${stray}" belongs to no person in the roster`);
    expect(r.stderr).toContain(`\`login: ${stray}\``);
    expect(r.stderr).not.toContain('--as NAME');
  });

  it('Given a login that does not exist on the server, Then exit 2 saying so and how the owner creates it', async () => {
    const log = await shared();
    const r = await aiops(log.project, ['--db', pgUrlFor(log.db(), { user: 'dan_nobody' }), 'incident', 'list']);
    expect(refused(r)).toContain('has no login "dan_nobody"');
    expect(r.stderr).toContain('CREATE ROLE dan_nobody LOGIN IN ROLE aiops_writer;');
    expect(r.stderr).not.toContain('PGPASSWORD');
  });

  it('Given a writer (not the owner) running db init or db copy, Then exit 2 saying these need the log’s owner', async () => {
    const log = await make();
    const init = await aiops(log.project, ['db', 'init', '--url', log.db('alice')]);
    expect(refused(init)).toContain('may not set up the evidence log');
    expect(init.stderr).toContain('try: aiops db init and aiops db copy need the log’s owner');
    const sqlite = project();
    expect((await aiopsInProcess(sqlite, ['incident', 'start', '--trigger', 'policy_violation'], { as: 'alice' })).exitCode).toBe(0);
    const copy = await aiops(log.project, ['db', 'copy', '--from', sqlite.db, '--to', log.db('alice')]);
    expect(refused(copy)).toContain('may not copy into the evidence log (must be owner of table events)');
    expect(copy.stderr).toContain('need the log’s owner');
  });

  it('Given a log from a newer aiops, or a database holding another program’s events table, Then db init exits 2 and changes nothing', async () => {
    const log = await make();
    await asSuperuser(log.db(), (c) => c.query('INSERT INTO aiops_schema (version) VALUES (99)'));
    const newer = await aiops(log.project, ['db', 'init', '--url', log.db()]);
    expect(refused(newer)).toMatch(/holds a log written by a newer aiops \(schema 99, this one knows \d+\); nothing was changed/);
    expect(newer.stderr).toContain('try: upgrade aiops');

    const other = await freshPgDatabase(base!, 'aiops_other');
    try {
      await asSuperuser(other.url, (c) => c.query('CREATE TABLE events (id serial, what text)'));
      const taken = await aiops(log.project, ['db', 'init', '--url', other.url]);
      expect(refused(taken)).toContain('already holds tables of something else where the log would go (relation "events" already exists); nothing was changed');
      expect(taken.stderr).toContain('give the log a database of its own');
      const tables = await asSuperuser(other.url, (c) => c.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'"));
      expect(tables.rows[0].n).toBe(1);
    } finally {
      await other.drop();
    }
  });
});
