import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { aiops } from './helpers/cli.js';
import { makeProject, type TempProject } from './helpers/project.js';

const projects: TempProject[] = [];
afterAll(() => projects.forEach((p) => p.cleanup()));

describe('identity: os on a shared host (SQLite)', () => {
  it('Given identity: os, When someone claims another name with --as, Then it is refused (exit 3) and nothing is written; without --as the OS user acts', async () => {
    const project = makeProject({ withScenarios: false });
    projects.push(project);
    appendFileSync(join(project.dir, 'aiops.yaml'), '\nidentity: os\n');
    const me = userInfo().username;
    // On a shared host the roster lists the OS users: only its people may act.
    const rosterFile = join(project.dir, 'roster.yaml');
    const roster = parse(readFileSync(rosterFile, 'utf8'));
    roster.people[me] ??= { name: 'The OS user running the tests', contact: 'slack:@me', roles: ['commander'] };
    writeFileSync(rosterFile, stringify(roster));
    const claimed = me === 'alice' ? 'bob' : 'alice';
    const refused = await aiops(project, ['incident', 'start', '--trigger', 'policy_violation', '--service', 'chat'], { as: claimed });
    expect(refused.exitCode).toBe(3);
    expect(refused.stderr).toContain(`you are ${me} here (OS user "${me}", identity: os); acting as ${claimed} is refused`);
    const started = await aiops(project, ['incident', 'start', '--trigger', 'policy_violation', '--service', 'chat', '--json']);
    expect(started.exitCode, started.stderr).toBe(0);
    const events = (await aiops(project, ['evidence', 'export'])).stdout.trim().split('\n').slice(1).map((l) => JSON.parse(l));
    expect(events[0]).toMatchObject({ type: 'incident.opened', actor: me });
  });
});
