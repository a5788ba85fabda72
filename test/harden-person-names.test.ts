import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';

let project: TempProject;
afterEach(() => project?.cleanup());

describe('person names are map keys, not object properties (issue 17)', () => {
  it('people called toString and constructor start, hold roles and show; valueOf (not in the roster) is refused, not a crash', async () => {
    // Given a roster that also holds toString (commander) and constructor (reviewer)
    project = makeProject({ withScenarios: false });
    const roster = join(project.dir, 'roster.yaml');
    writeFileSync(
      roster,
      readFileSync(roster, 'utf8').replace(
        /^people:\n/m,
        'people:\n  toString: {name: T, contact: "slack:@t", roles: [commander]}\n  constructor: {name: C, contact: "slack:@c", roles: [reviewer]}\n',
      ),
    );
    // When toString starts an incident and gives reviewer to constructor
    const start = await aiopsInProcess(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 't', '--no-tui', '--json'], { as: 'toString' });
    expect(start.stderr).not.toMatch(/bug in aiops/);
    expect(start.exitCode).toBe(0);
    const id = start.json().incident.id as string;
    const assign = await aiopsInProcess(project, ['incident', 'assign', id, 'reviewer', 'constructor'], { as: 'toString' });
    expect(assign.exitCode).toBe(0);
    expect(assign.stderr).not.toMatch(/not in the roster|does not have/);
    // Then show names both with their contacts
    const show = await aiopsInProcess(project, ['incident', 'show', id]);
    expect(show.stdout).toMatch(/commander\s+toString \(slack:@t\)/);
    expect(show.stdout).toMatch(/reviewer\s+constructor \(slack:@c\)/);
    // And a name that is only an inherited property is not a person
    const other = await aiopsInProcess(project, ['incident', 'assign', id, 'reviewer', 'valueOf'], { as: 'toString' });
    expect(other.exitCode).not.toBe(1);
    expect(other.stderr).not.toMatch(/bug in aiops/);
    expect(other.stderr).toMatch(/valueOf is not in the roster/);
  });
});
