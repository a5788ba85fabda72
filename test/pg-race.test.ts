import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aiops, type CliResult } from './helpers/cli.js';
import { asSuperuser, freshPgDatabase, pgTestUrl, pgUrlFor } from './helpers/pg.js';
import { makeProject, type TempProject } from './helpers/project.js';

// test/incident-race.test.ts on PostgreSQL: four processes, each with its own login, race on one
// incident; the advisory lock keeps the chain linear and the expectation check re-decides stale commands.
const base = pgTestUrl();
const suffix = Math.random().toString(36).slice(2, 7);
const PEOPLE = ['alice', 'bob', 'carol', 'dan'] as const;
const loginOf = (p: string) => `${p}_r${suffix}`;

describe.skipIf(!base)('several hosts acting on one incident at once (PostgreSQL)', () => {
  let project: TempProject;
  let owner: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await freshPgDatabase(base!, 'aiops_race');
    owner = db.url;
    drop = db.drop;
    project = makeProject({ withScenarios: false });
    const rosterPath = join(project.dir, 'roster.yaml');
    let roster = readFileSync(rosterPath, 'utf8');
    for (const p of PEOPLE) roster = roster.replace(new RegExp(`^(\\s+${p}:\\s*\\{)`, 'm'), `$1login: ${loginOf(p)}, `);
    writeFileSync(rosterPath, roster);
    await asSuperuser(base!, async (c) => {
      for (const p of PEOPLE) await c.query(`CREATE ROLE ${loginOf(p)} LOGIN`);
    });
    const init = await aiops(project, ['db', 'init', '--url', owner]);
    expect(init.exitCode, init.stderr).toBe(0);
  });

  afterAll(async () => {
    project?.cleanup();
    await drop?.();
    await asSuperuser(base!, async (c) => {
      for (const p of PEOPLE) await c.query(`DROP ROLE IF EXISTS ${loginOf(p)}`);
    });
  });

  it('4 processes with 4 logins approving, noting and completing steps: gap-free chain, no duplicate approvals, the hook fires once', async () => {
    const run = (who: string, ...args: string[]) => aiops(project, ['--db', pgUrlFor(owner, { user: loginOf(who) }), 'incident', ...args, '--json']);
    const id = (await run('alice', 'start', '--trigger', 'policy_violation', '--service', 'chat')).json().incident.id as string;
    await Promise.all([run('alice', 'assign', id, 'reviewer', 'bob'), run('alice', 'assign', id, 'model_owner', 'carol'), run('alice', 'assign', id, 'communicator', 'dan')]);

    const round1 = await Promise.all([
      run('alice', 'approve', id, 'rollback'),
      run('bob', 'approve', id, 'rollback'),
      run('bob', 'approve', id, 'rollback'),
      run('dan', 'note', id, 'status page drafted'),
    ]);
    const round2 = await Promise.all([
      run('alice', 'step', id, 'assign-roles', '--done'),
      run('alice', 'step', id, 'assign-roles', '--done'),
      run('bob', 'step', id, 'triage', '--done'),
      run('carol', 'note', id, 'prompt v41 shipped at 01:10'),
    ]);
    const all: CliResult[] = [...round1, ...round2];
    for (const r of all) {
      expect([0, 2, 3], r.stderr).toContain(r.exitCode);
      expect(r.stderr).not.toMatch(/deadlock|serialize|bug in aiops/);
    }

    const exp = await aiops(project, ['--db', pgUrlFor(owner, { user: loginOf('carol') }), 'evidence', 'export']);
    const log = exp.stdout.trim().split('\n').slice(1).map((l) => JSON.parse(l));
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
    const grants = log.filter((e) => e.type === 'approval.granted').map((e) => `${e.actor}:${e.payload.role}`);
    expect(grants.sort()).toEqual(['alice:commander', 'bob:reviewer']);
    expect(log.filter((e) => e.type === 'hook.started')).toHaveLength(1);
    expect(log.filter((e) => e.type === 'step.completed').map((e) => e.payload.step).sort()).toEqual(['assign-roles', 'rollback', 'triage']);
    expect(log.filter((e) => e.type === 'note.added').map((e) => e.payload.text).sort()).toEqual(['prompt v41 shipped at 01:10', 'status page drafted']);
    expect(all.filter((r) => r.exitCode === 0)).toHaveLength(6);
    const verify = await aiops(project, ['--db', owner, 'evidence', 'verify', '--json']);
    expect(verify.json()).toMatchObject({ ok: true, firstBad: null, identity: { problems: [] } });
  });
});
