import { afterEach, describe, expect, it } from 'vitest';
import { aiops as aiopsSpawned } from './helpers/cli.js';
// One command at a time, in-process; the accepted roster below goes through the binary itself.
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { patience } from './helpers/patience.js';
import { editProjectFile, lineOfProjectFile, makeProject, type TempProject } from './helpers/project.js';

// Names compare case-insensitively, so `alice` and `Alice` are one name: a roster listing both would
// let one human approve as each and meet a two-person rule alone. Such a roster is refused wherever
// it is validated; so is a rota that lists the same person twice.

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

const T0 = '2026-03-14T02:00:00.000Z';

describe('roster names that differ only by case', () => {
  it('alice and Alice: one human cannot meet commander + reviewer; validate and every acting command refuse the roster (exit 2, file:line:col), nothing written', async () => {
    const p = (project = makeProject({ withScenarios: false }));
    const run = (args: string[], as = 'alice') => aiops(p, args, { as, env: { AIOPS_NOW: T0 } });
    // Given a hook that needs a commander and a reviewer, and an incident where alice commands
    editProjectFile(p, 'aiops.yaml', (t) => t.replace(/( {2}rollback-model:[\s\S]*?approve: )\[commander\]/, '$1[commander, reviewer]'));
    const start = await run(['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'acme', '--json']);
    expect(start.exitCode, start.stderr).toBe(0);
    const id = start.json().incident.id as string;
    // When the roster gains "Alice", a reviewer, beside alice
    editProjectFile(p, 'roster.yaml', (t) => t.replace(/^(\s+)bob:/m, '$1Alice: {name: Alice Again, contact: "slack:@alice2", roles: [reviewer]}\n$1bob:'));
    const line = lineOfProjectFile(p, 'roster.yaml', /^\s+Alice:/);
    const before = (await run(['evidence', 'export', id])).stdout;

    // Then validating the roster, alone or with the project, names both at Alice's line
    for (const args of [['playbook', 'validate', '--format', 'roster', 'roster.yaml'], ['playbook', 'validate']]) {
      const r = await run(args);
      expect(r.exitCode, r.stdout + r.stderr).toBe(2);
      expect(r.stdout + r.stderr).toMatch(new RegExp(`roster\\.yaml:${line}:\\d+: alice and Alice are the same name`));
    }
    // And Alice cannot take the reviewer seat nor approve, alice cannot approve: the hook never runs
    for (const [args, as] of [
      [['incident', 'assign', id, 'reviewer', 'Alice'], 'alice'],
      [['hook', 'run', id, 'rollback-model', '--param', 'service=acme', '--param', 'version=v1'], 'alice'],
      [['incident', 'approve', id, 'hook:rollback-model'], 'Alice'],
    ] as const) {
      const r = await run([...args], as);
      expect(r.exitCode, r.stdout + r.stderr).toBe(2);
      expect(r.stderr).toContain('alice and Alice are the same name');
    }
    expect((await run(['evidence', 'export', id])).stdout).toBe(before);
  }, patience(90_000));

  it('a person listed twice in one on-call rota is flagged at the repeat', async () => {
    const p = (project = makeProject({ withScenarios: false }));
    editProjectFile(p, 'roster.yaml', (t) => t.replace(/^(\s+commander:\s*)\[alice, dan\]/m, '$1[alice, dan, Alice]'));
    const line = lineOfProjectFile(p, 'roster.yaml', /^\s+commander: \[alice, dan, Alice\]/);
    const r = await aiops(p, ['playbook', 'validate', '--format', 'roster', 'roster.yaml']);
    expect(r.exitCode, r.stdout + r.stderr).toBe(2);
    expect(r.stdout + r.stderr).toMatch(new RegExp(`roster\\.yaml:${line}:\\d+: "Alice" is on call for commander twice`));
  }, patience(60_000));

  it('a roster whose names all differ is accepted as before', async () => {
    const p = (project = makeProject({ withScenarios: false }));
    const r = await aiopsSpawned(p, ['playbook', 'validate', '--format', 'roster', 'roster.yaml']);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
  }, patience(60_000));
});

describe('a name typed in another case', () => {
  it('assign and handoff give the role to the person as the roster spells them (BOB is bob)', async () => {
    project = makeProject({ withScenarios: false });
    const started = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--service', 'eu', '--json'], { as: 'alice' });
    expect(started.exitCode, started.stderr).toBe(0);
    const id = started.json().incident.id as string;
    const assigned = await aiops(project, ['incident', 'assign', id, 'reviewer', 'BOB'], { as: 'alice' });
    expect(assigned.exitCode, assigned.stderr).toBe(0);
    const handed = await aiops(project, ['incident', 'handoff', id, 'commander', 'Carol'], { as: 'alice' });
    expect(handed.exitCode, handed.stderr).toBe(0);
    const roles = (await aiops(project, ['incident', 'show', id, '--json'])).json().incident.roles;
    expect([roles.reviewer.person, roles.commander.person]).toEqual(['bob', 'carol']);
    // And bob, typed either way, then acts as the reviewer he is
    const again = await aiops(project, ['incident', 'assign', id, 'reviewer', 'bob', '--json'], { as: 'carol' });
    expect(again.stdout + again.stderr).toContain('bob already holds reviewer');
  });
});
