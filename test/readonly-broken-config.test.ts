import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';

let project: TempProject;
afterEach(() => project?.cleanup());

describe('a typo in aiops.yaml during an incident', () => {
  it('still lets people read the incident, with a warning, but refuses to act until it is fixed', async () => {
    // Given an open incident
    project = makeProject();
    const start = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--json'], { as: 'alice' });
    const id = start.json().incident.id;
    // When someone breaks aiops.yaml (a misspelled approve: in a hook)
    const file = join(project.dir, 'aiops.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('    approve: [commander]\n', '    aprove: [commander]\n'));
    // Then show, list, export and verify still work and name the problem
    const show = await aiops(project, ['incident', 'show', id]);
    expect(show.exitCode, show.stderr).toBe(0);
    expect(show.stdout).toContain(id);
    expect(show.stderr).toMatch(/aiops\.yaml:\d+:\d+: unknown field "aprove"/);
    for (const args of [['incident', 'list', '--json'], ['export', id, '--format', 'md'], ['evidence', 'verify']]) {
      const r = await aiops(project, args);
      expect(r.exitCode, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    // And an action is refused as bad input, with the location, and writes nothing
    const before = (await aiops(project, ['incident', 'show', id, '--json'])).json().incident.lastSeq;
    const approve = await aiops(project, ['incident', 'approve', id, 'pause'], { as: 'alice' });
    expect(approve.exitCode).toBe(2);
    expect(approve.stderr).toMatch(/aiops\.yaml:\d+:\d+: unknown field "aprove"/);
    expect((await aiops(project, ['incident', 'show', id, '--json'])).json().incident.lastSeq).toBe(before);
  });
});
