import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aiops as aiopsSpawned } from './helpers/cli.js';
// One command at a time, in-process; the refused start goes through the binary.
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { patience } from './helpers/patience.js';
import { makeProject, type TempProject } from './helpers/project.js';

// On PostgreSQL the actor is the roster person whose login is connected: a login two people claim
// would act as only one of them. The roster is refused instead, naming both.

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

function withRoster(edit: (text: string) => string): TempProject {
  const p = (project = makeProject({ withScenarios: false }));
  const file = join(p.dir, 'roster.yaml');
  const before = readFileSync(file, 'utf8');
  const after = edit(before);
  expect(after).not.toBe(before);
  writeFileSync(file, after);
  return p;
}

describe('a database login claimed by two roster people', () => {
  it('dan: {login: alice} beside alice: validate, and any command that acts, refuse it with exit 2 naming both; nothing is written', async () => {
    // Given dan claims the login alice already has by her roster id
    const p = withRoster((t) => t.replace(/^(\s+dan:\s*\{)/m, '$1login: alice, '));
    const line = readFileSync(join(p.dir, 'roster.yaml'), 'utf8').split('\n').findIndex((l) => /^\s+dan:/.test(l)) + 1;

    // When the roster is validated, on its own and with the project
    for (const args of [['playbook', 'validate', '--format', 'roster', 'roster.yaml'], ['playbook', 'validate']]) {
      const r = await aiops(p, args);
      // Then it is refused with the file and line of dan's login:, naming both people
      expect(r.exitCode, r.stderr).toBe(2);
      expect(r.stdout + r.stderr).toMatch(new RegExp(`roster\\.yaml:${line}:\\d+: database login "alice" is claimed by two people, alice \\(by roster id\\) and dan \\(login: alice\\)`));
    }

    // When someone starts an incident
    const start = await aiopsSpawned(p, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'acme'], { as: 'alice' });

    // Then it is refused the same way and no log was written
    expect(start.exitCode, start.stderr).toBe(2);
    expect(start.stderr).toContain('database login "alice" is claimed by two people');
    expect(existsSync(p.db)).toBe(false);
  }, patience(60_000));

  it('two people giving the same login: explicitly is refused too', async () => {
    const p = withRoster((t) => t.replace(/^(\s+bob:\s*\{)/m, '$1login: ops, ').replace(/^(\s+carol:\s*\{)/m, '$1login: ops, '));
    const r = await aiops(p, ['playbook', 'validate', '--format', 'roster', 'roster.yaml', '--json']);
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stdout).toContain('database login \\"ops\\" is claimed by two people, bob (login: ops) and carol (login: ops)');
  }, patience(60_000));

  it('distinct logins, and a login that only renames one person, are accepted', async () => {
    const p = withRoster((t) => t.replace(/^(\s+alice:\s*\{)/m, '$1login: alice_ng, ').replace(/^(\s+bob:\s*\{)/m, '$1login: alice, '));
    const r = await aiops(p, ['playbook', 'validate', '--format', 'roster', 'roster.yaml']);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
  }, patience(60_000));
});
