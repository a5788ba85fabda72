import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aiops as aiopsSpawned } from './helpers/cli.js';
// One command at a time, in-process; the first warning, and the start with a full stderr, come from the binary.
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { BIN, makeProject, type TempProject } from './helpers/project.js';

let project: TempProject;
afterEach(() => project?.cleanup());

/** The README's first step: roster.yaml with the team's own people instead of the example ones. */
function ownPeople(p: TempProject): void {
  writeFileSync(
    join(p.dir, 'roster.yaml'),
    'people:\n  maria: {name: Maria, contact: "slack:@maria", roles: [commander, model_owner, reviewer, communicator]}\n  tom: {name: Tom, contact: "slack:@tom", roles: [commander, reviewer]}\noncall:\n  commander: [maria, tom]\n',
  );
}

describe('warnings about the project files', () => {
  it('after the roster names the team, the scenarios that name the example people are one line naming scenario validate', async () => {
    // Given the shipped scenarios and a roster of the team's own people
    project = makeProject();
    ownPeople(project);
    // When an incident command runs
    const listed = await aiopsSpawned(project, ['incident', 'list'], { as: 'maria' });
    // Then it works, and says once where the drill problems are listed, not a screenful of them
    expect(listed.exitCode, listed.stderr).toBe(0);
    const warnings = listed.stderr.trim().split('\n');
    expect(warnings).toEqual([expect.stringMatching(/^warning: \d+ problem\(s\) in \d+ drill scenario file\(s\), left out of drills; `aiops scenario validate` lists them$/)]);
    // And the command it names does list them
    const validate = await aiops(project, ['scenario', 'validate'], { as: 'maria' });
    expect(validate.exitCode).toBe(2);
    expect(validate.stderr).toContain('is not in the roster');
  });

  it('a full or closed stderr loses the warning, not the command: the incident is started, exit 0', async () => {
    project = makeProject();
    ownPeople(project);
    // (the human output: it warns about the scenarios before it acts)
    const full = openSync('/dev/full', 'w');
    try {
      const child = spawn(process.execPath, [BIN, '--as', 'maria', 'incident', 'start', '--title', 'stderr full', '--no-tui'], {
        cwd: project.dir,
        env: { ...process.env, AIOPS_DB: '', AIOPS_CONFIG: '', AIOPS_STATE_DIR: project.stateDir },
        stdio: ['ignore', 'pipe', full],
      });
      let stdout = '';
      child.stdout!.on('data', (d) => (stdout += d));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code).toBe(0);
      expect(stdout).toMatch(/^started INC-\d{4}-0001 with generic-triage/);
    } finally {
      closeSync(full);
    }
    const listed = await aiops(project, ['incident', 'list', '--json'], { as: 'maria' });
    expect(listed.json().incidents.map((i: { title: string }) => i.title)).toEqual(['stderr full']);
  });
});

describe('a password in aiops.yaml', () => {
  it('Given db: with a password in the URL, Then every command warns naming the file and PGPASSWORD / ~/.pgpass, validate locates it, and the password is never shown', async () => {
    project = makeProject();
    const file = join(project.dir, 'aiops.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^db: .*$/m, 'db: postgres://alice:hunter2-secret@127.0.0.1:9/aiops'));
    // When a command loads the project (twice: the second from the project cache)
    for (let i = 0; i < 2; i++) {
      const r = await aiops(project, ['hook', 'list']);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stderr).toContain('warning: aiops.yaml: db: holds a password, and credentials never go in aiops.yaml');
      expect(r.stderr).toContain('PGPASSWORD or ~/.pgpass');
      expect(r.stderr + r.stdout).not.toContain('hunter2');
    }
    // And validate says where it is, as a warning that does not fail the file
    const v = await aiops(project, ['playbook', 'validate', '--format', 'config', 'aiops.yaml']);
    expect(v.exitCode, v.stderr).toBe(0);
    expect(v.stderr).toMatch(/^aiops\.yaml:\d+:\d+: warning: db: holds a password/m);
    expect(v.stderr + v.stdout).not.toContain('hunter2');
    const all = await aiops(project, ['playbook', 'validate']);
    expect(all.stderr).toMatch(/^aiops\.yaml:\d+:\d+: warning: db: holds a password/m);
    // A URL with no password says nothing
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^db: .*$/m, 'db: postgres://alice@127.0.0.1:9/aiops'));
    expect((await aiops(project, ['hook', 'list'])).stderr).not.toContain('password');
  });
});
