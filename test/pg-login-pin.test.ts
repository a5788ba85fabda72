import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { asSuperuser, freshPgDatabase, pgTestUrl, pgUrlFor } from './helpers/pg.js';
import { makeProject, type TempProject } from './helpers/project.js';

// On PostgreSQL the login decides who acts, and which person a login is comes from the roster of the
// host that runs the command. A teammate who edits their own copy (their login given to alice) must
// not act, nor approve, as two people: the incident's events pair each login with the person it
// acted as, and a command contradicting that is refused and logged.
const base = pgTestUrl();
const suffix = Math.random().toString(36).slice(2, 7);
const PEOPLE = ['alice', 'bob', 'carol'] as const;
const loginOf = (person: string) => `${person}_p${suffix}`;

/** The roster text with each person's `login:` set as `logins` says. */
function withLogins(roster: string, logins: Record<string, string>): string {
  let out = roster;
  for (const [person, login] of Object.entries(logins)) out = out.replace(new RegExp(`^(\\s+${person}:\\s*\\{)`, 'm'), `$1login: ${login}, `);
  return out;
}

describe.skipIf(!base)('one database login is one person in an incident, whatever a host’s roster says', () => {
  let team: TempProject;
  let forged: TempProject;
  let db: { url: string; drop(): Promise<void> };

  beforeAll(async () => {
    team = makeProject({ withScenarios: false });
    const roster = readFileSync(join(team.dir, 'roster.yaml'), 'utf8');
    writeFileSync(join(team.dir, 'roster.yaml'), withLogins(roster, { alice: loginOf('alice'), bob: loginOf('bob'), carol: loginOf('carol') }));
    // bob's host: a copy of the project whose roster gives bob's login to alice
    const dir = mkdtempSync(join(tmpdir(), 'aiops-test-'));
    cpSync(team.dir, dir, { recursive: true });
    forged = { ...team, dir, db: join(dir, '.aiops', 'aiops.db'), stateDir: join(dir, 'state'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
    writeFileSync(join(dir, 'roster.yaml'), withLogins(roster, { alice: loginOf('bob'), bob: `${loginOf('bob')}_real`, carol: loginOf('carol') }));
    await asSuperuser(base!, async (c) => {
      for (const p of PEOPLE) await c.query(`CREATE ROLE ${loginOf(p)} LOGIN`);
    });
    db = await freshPgDatabase(base!, 'aiops_pin');
    const init = await aiops(team, ['db', 'init', '--url', db.url]);
    expect(init.exitCode, init.stderr).toBe(0);
  });

  afterAll(async () => {
    team?.cleanup();
    forged?.cleanup();
    await db?.drop();
    await asSuperuser(base!, async (c) => {
      for (const p of PEOPLE) await c.query(`DROP ROLE IF EXISTS ${loginOf(p)}`);
    });
  });

  const as = (project: TempProject, person: string, args: string[]) => aiops(project, ['--db', pgUrlFor(db.url, { user: loginOf(person) }), ...args]);

  it('Given alice commands and bob reviews, When bob approves as "alice" from his edited roster, Then it is refused (exit 3) and logged, and his own approval leaves the rollback waiting for the commander', async () => {
    const started = await as(team, 'alice', ['incident', 'start', '--trigger', 'policy_violation', '--service', 'chat', '--title', 'pin', '--no-tui', '--json']);
    expect(started.exitCode, started.stderr).toBe(0);
    const id = started.json().incident.id as string;
    for (const args of [['incident', 'assign', id, 'reviewer', 'bob'], ['incident', 'step', id, 'reproducible', '--choose', 'reproducible']]) {
      const r = await as(team, 'alice', args);
      expect(r.exitCode, r.stderr).toBe(0);
    }

    // When bob's login, which his copy of the roster calls alice, approves the rollback
    const posing = await as(forged, 'bob', ['incident', 'approve', id, 'rollback', '--yes']);
    // Then it is refused: alice acted in this incident under her own login
    expect(posing.exitCode, posing.stdout + posing.stderr).toBe(3);
    expect(posing.stderr).toContain('identity.login');
    expect(posing.stderr).toContain(`database login "${loginOf('bob')}" is bob in ${id} (as its opening and events record), and the roster here makes it alice`);

    // And bob, approving as himself from the team's roster, is the only approval so far
    const own = await as(team, 'bob', ['incident', 'approve', id, 'rollback', '--yes']);
    expect(own.exitCode, own.stdout + own.stderr).toBe(0);
    const shown = await as(team, 'alice', ['incident', 'show', id, '--json']);
    const rollback = shown.json().incident.steps.find((s: { id: string }) => s.id === 'rollback');
    expect(rollback.approvals.map((a: { person: string; role: string }) => `${a.person}:${a.role}`)).toEqual(['bob:reviewer']);
    expect(rollback.runs).toEqual([]);

    // And bob's login, now paired with bob, cannot act as alice from his copy either
    const again = await as(forged, 'bob', ['incident', 'note', id, 'as alice']);
    expect(again.exitCode, again.stdout + again.stderr).toBe(3);
    expect(again.stderr).toContain(`database login "${loginOf('bob')}" is bob in ${id} (as its opening and events record), and the roster here makes it alice`);

    // And the log keeps both attempts, each under the login that made it, with no forged actor
    const rows = await asSuperuser(db.url, async (c) => (await c.query("SELECT actor, login, payload FROM events WHERE incident_id = $1 AND type = 'policy.refused' ORDER BY seq", [id])).rows);
    expect(rows.map((r) => [r.actor, r.login, JSON.parse(r.payload).rule])).toEqual([
      ['bob', loginOf('bob'), 'identity.login'],
      ['bob', loginOf('bob'), 'identity.login'],
    ]);
    const verify = await as(team, 'alice', ['evidence', 'verify', id]);
    expect(verify.exitCode, verify.stdout + verify.stderr).toBe(0);
  });
  it('Given an incident where alice has not acted yet, When bob poses as alice from his roster copy, or with identity: claimed in his aiops.yaml, Then each act is refused and a read is not', async () => {
    // carol opens it; neither alice nor bob has acted in it
    const started = await as(team, 'carol', ['incident', 'start', '--trigger', 'policy_violation', '--service', 'chat', '--title', 'pinned', '--no-tui', '--json']);
    expect(started.exitCode, started.stderr).toBe(0);
    const id = started.json().incident.id as string;
    // When bob's login, which his copy of the roster calls alice, is the first of the two to act after the opening
    const posing = await as(forged, 'bob', ['incident', 'note', id, 'I am alice']);
    // Then the opening's pins say whose login it is
    expect(posing.exitCode, posing.stdout + posing.stderr).toBe(3);
    expect(posing.stderr).toContain('identity.login');
    // And alice herself still acts
    const alice = await as(team, 'alice', ['incident', 'note', id, 'still me']);
    expect(alice.exitCode, alice.stderr).toBe(0);
    // And a read by the mismatched host is open, and logs nothing
    const before = await asSuperuser(db.url, async (c) => (await c.query('SELECT count(*)::int AS n FROM events WHERE incident_id = $1', [id])).rows[0].n);
    const read = await as(forged, 'bob', ['incident', 'show', id]);
    expect(read.exitCode, read.stderr).toBe(0);
    expect(await asSuperuser(db.url, async (c) => (await c.query('SELECT count(*)::int AS n FROM events WHERE incident_id = $1', [id])).rows[0].n)).toBe(before);

    // When bob's copy says identity: claimed, and he claims alice with --as
    const forgedConfig = join(forged.dir, 'aiops.yaml');
    writeFileSync(forgedConfig, `${readFileSync(forgedConfig, 'utf8')}\nidentity: claimed\n`);
    const claimedHere = await aiops(forged, ['--db', pgUrlFor(db.url, { user: loginOf('bob') }), '--as', 'alice', 'incident', 'note', id, 'claimed alice']);
    // Then it is refused too: the login is bob's in this incident, whatever the mode
    expect(claimedHere.exitCode, claimedHere.stdout + claimedHere.stderr).toBe(3);
    expect(claimedHere.stderr).toContain('identity.login');
  });
});
