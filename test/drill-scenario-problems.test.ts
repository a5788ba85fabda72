import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aiops as aiopsSpawned } from './helpers/cli.js';
// One command at a time, in-process; a folder and a device given as the scenario go through the binary.
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';

const NOW = { AIOPS_NOW: '2026-03-14T09:00:00.000Z' };
let project: TempProject | undefined;
afterEach(() => project?.cleanup());

describe('drill on a scenario that does not load says what validate says', () => {
  it('a directory or a device given as the scenario is named without a line (no undefined:undefined)', async () => {
    project = makeProject({ withScenarios: false });
    mkdirSync(join(project.dir, 'a-folder'));
    const folder = await aiopsSpawned(project, ['drill', 'a-folder', '--auto'], { as: 'alice', env: NOW });
    expect(folder.exitCode).toBe(2);
    expect(folder.stderr).toContain('  a-folder: is a directory, not a file\n');
    const device = await aiopsSpawned(project, ['drill', '/dev/null', '--auto'], { as: 'alice', env: NOW });
    expect(device.exitCode).toBe(2);
    expect(device.stderr).toContain('  /dev/null: not a regular file');
    expect(folder.stderr + device.stderr).not.toContain('undefined');
  });

  it('lists every problem of the scenario, as scenario validate does, by file and by id', async () => {
    // Given a scenario with four mistakes in its script: an unknown arg, an unknown step, a severity and a status
    project = makeProject({ withScenarios: false });
    mkdirSync(join(project.dir, 'scenarios'));
    const file = 'scenarios/odd3.yaml';
    writeFileSync(
      join(project.dir, file),
      [
        'id: odd3',
        'title: T',
        'playbook: data-leakage',
        'incident: {title: t, service: assistant-eu, trigger: data_leakage}',
        'injects:',
        '  - {at: 0s, kind: alert, source: m, summary: s}',
        'expectations:',
        '  - {id: a, event: role.assigned, match: {role: commander}, within: 2m, weight: 1}',
        'script:',
        '  - {at: 10s, as: alice, do: assign, args: {role: commander, person: alice, bogus: 1}}',
        '  - {at: 20s, as: alice, do: step, args: {step: nosuchstep, done: true}}',
        '  - {at: 30s, as: alice, do: severity, args: {severity: SEV9, reason: r}}',
        '  - {at: 40s, as: alice, do: status, args: {status: bogus}}',
        '',
      ].join('\n'),
    );
    const v = await aiops(project, ['scenario', 'validate', file]);
    expect(v.exitCode).toBe(2);
    const listed = (v.stdout + v.stderr).split('\n').filter((l) => l.startsWith(`${file}:`));
    expect(listed).toHaveLength(4);
    // When it is drilled, by file and by id
    for (const ref of [file, 'odd3']) {
      const d = await aiops(project, ['drill', ref, '--auto'], { as: 'alice', env: NOW });
      // Then the drill refuses with the same four, in the same order
      expect(d.exitCode, ref).toBe(2);
      expect(d.stderr, ref).toContain('has 4 problems');
      expect(d.stderr.split('\n').filter((l) => l.startsWith(`  ${file}:`)).map((l) => l.trim()), ref).toEqual(listed);
    }
    expect((await aiops(project, ['drill', 'list', '--json'])).json().drills).toEqual([]);
  });
});
