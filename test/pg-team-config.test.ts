import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aiops } from './helpers/cli.js';
// The log is set up, listed and exported in-process; alice's start and the unreachable server run the binary.
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { dropLogins, ensureLogins, freshPgDatabase, pgTestUrl, pgUrlFor } from './helpers/pg.js';
import { makeProject, type TempProject } from './helpers/project.js';

// README "Running aiops for a team", step 2, against a real server: the project points at the log
// with `db:` in aiops.yaml (or AIOPS_DB), the login comes from libpq's PGUSER, and errors name the
// host and database, never a password.
const base = pgTestUrl();
const suffix = Math.random().toString(36).slice(2, 7);
const loginOf = (p: string) => `${p}_k${suffix}`;

describe.skipIf(!base)('pointing a project at a PostgreSQL log', () => {
  let project: TempProject;
  let url: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await freshPgDatabase(base!, 'aiops_cfg');
    drop = db.drop;
    project = makeProject({ withScenarios: false });
    const rosterPath = join(project.dir, 'roster.yaml');
    let roster = readFileSync(rosterPath, 'utf8');
    for (const p of ['alice', 'bob']) roster = roster.replace(new RegExp(`^(\\s+${p}:\\s*\\{)`, 'm'), `$1login: ${loginOf(p)}, `);
    writeFileSync(rosterPath, roster);
    await ensureLogins(base!, ['alice', 'bob'].map(loginOf));
    expect((await aiopsInProcess(project, ['db', 'init', '--url', db.url])).exitCode).toBe(0);
    // The URL names no login: whoever runs aiops connects as their own (PGUSER here).
    url = pgUrlFor(db.url, { user: '' });
    const config = join(project.dir, 'aiops.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace(/^db:.*$/m, '') + `\ndb: ${url}\n`);
  });

  afterAll(async () => {
    project?.cleanup();
    await drop?.();
    await dropLogins(base!, ['alice', 'bob'].map(loginOf));
  });

  it('Given db: in aiops.yaml, When alice (PGUSER) starts an incident and bob lists with AIOPS_DB, Then both act on the server as their logins', async () => {
    const started = await aiops(project, ['incident', 'start', '--trigger', 'policy_violation', '--service', 'chat', '--json'], { env: { PGUSER: loginOf('alice') } });
    expect(started.exitCode, started.stderr).toBe(0);
    const id = started.json().incident.id as string;
    const list = await aiopsInProcess(project, ['incident', 'list', '--json'], { env: { PGUSER: loginOf('bob'), AIOPS_DB: url } });
    expect(list.exitCode, list.stderr).toBe(0);
    expect(JSON.stringify(list.json())).toContain(id);
    const exported = await aiopsInProcess(project, ['evidence', 'export', id], { env: { PGUSER: loginOf('bob') } });
    const opened = JSON.parse(exported.stdout.trim().split('\n')[1]!);
    expect(opened).toMatchObject({ type: 'incident.opened', actor: 'alice', login: loginOf('alice') });
  });

  it('Given a server that cannot be reached and a password in the URL or PGPASSWORD, Then the error names host and database and what to do, never the password', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    for (const [db, env] of [
      [`postgres://alice:s3cret-pw@127.0.0.1:${port}/teamdb`, {}],
      [`postgres://alice@127.0.0.1:${port}/teamdb`, { PGPASSWORD: 's3cret-pw' }],
    ] as const) {
      const r = await aiops(project, ['--db', db, 'incident', 'list'], { env });
      expect(r.exitCode).not.toBe(0);
      expect(r.stderr).toContain('127.0.0.1');
      expect(r.stderr).toContain('teamdb');
      expect(r.stderr + r.stdout).not.toContain('s3cret-pw');
    }
  });
});
