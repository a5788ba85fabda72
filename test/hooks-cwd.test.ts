import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { aiops as aiopsSpawned } from './helpers/cli.js';
// One command at a time, in-process; the approval whose hook run fails on the cwd goes through the binary.
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';

let project: TempProject;
afterEach(() => project?.cleanup());

/** The shipped project with pause-feature run in `cwd`, and `extra` hooks. */
function projectWithCwd(cwd: string, extra: Record<string, unknown> = {}): TempProject {
  const p = makeProject({ withScenarios: false });
  const file = join(p.dir, 'aiops.yaml');
  const config = parse(readFileSync(file, 'utf8'));
  config.hooks['pause-feature'].cwd = cwd;
  Object.assign(config.hooks, extra);
  writeFileSync(file, stringify(config));
  return p;
}

function lineOf(p: TempProject, text: string): string {
  const lines = readFileSync(join(p.dir, 'aiops.yaml'), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.trim() === text);
  expect(i, text).toBeGreaterThanOrEqual(0);
  return `aiops.yaml:${i + 1}:${lines[i]!.indexOf(text) + text.indexOf(': ') + 3}`;
}

/**
 * A hook whose `cwd:` does not exist could never start: the kernel says ENOENT, which read as the
 * program being missing ("program …/feature-flag.sh not found"), while `hook test` said it would run.
 */
describe('a hook cwd that does not exist', () => {
  it('is a located problem in validate, a PROBLEM in hook list and hook test (exit 2); a relative cwd is taken from the project root', async () => {
    project = projectWithCwd('/nonexistent/dir', { relcwd: { command: ['./fixtures/hooks/feature-flag.sh', 'disable'], cwd: 'ops/nowhere' }, here: { command: ['./fixtures/hooks/feature-flag.sh'], cwd: 'fixtures' } });
    const validate = await aiops(project, ['playbook', 'validate']);
    expect(validate.exitCode).toBe(2);
    expect(validate.stderr).toContain(`${lineOf(project, 'cwd: /nonexistent/dir')}: hook pause-feature: cwd /nonexistent/dir does not exist`);
    expect(validate.stderr).toContain(`${lineOf(project, 'cwd: ops/nowhere')}: hook relcwd: cwd ops/nowhere (${join(project.dir, 'ops/nowhere')}) does not exist`);
    // The existing relative cwd (fixtures/, from the project root) is no problem
    expect(validate.stderr).not.toContain('hook here');
    const config = await aiops(project, ['playbook', 'validate', '--format', 'config', 'aiops.yaml']);
    expect(config.exitCode).toBe(2);
    expect(config.stderr).toContain('hook pause-feature: cwd /nonexistent/dir does not exist');

    const list = await aiops(project, ['hook', 'list']);
    expect(list.exitCode).toBe(2);
    expect(list.stdout).toContain('PROBLEM  cwd /nonexistent/dir does not exist');
    const listed = (await aiops(project, ['hook', 'list', '--json'])).json().hooks as { name: string; problems: string[] }[];
    expect(listed.find((h) => h.name === 'here')!.problems).toEqual([]);

    const test = await aiops(project, ['hook', 'test', 'pause-feature', '--param', 'tenant=acme']);
    expect(test.exitCode).toBe(2);
    expect(test.stdout).toContain('PROBLEM: cwd /nonexistent/dir does not exist');
    expect(test.stdout).toContain('it would NOT run as it is');
    expect((await aiops(project, ['hook', 'test', 'here'])).exitCode).toBe(0);
  });

  it('a run that fails on it says the cwd is missing, not that the program is', async () => {
    project = projectWithCwd('/nonexistent/dir');
    const start = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'acme', '--json'], { as: 'alice' });
    expect(start.exitCode, start.stderr).toBe(0);
    const id = start.json().incident.id as string;
    const approve = await aiopsSpawned(project, ['incident', 'approve', id, 'pause'], { as: 'alice' });
    expect(approve.exitCode).toBe(1);
    expect(approve.stdout).toContain('pause-feature: FAILED');
    expect(approve.stdout).toContain('cwd /nonexistent/dir does not exist');
    expect(approve.stdout).not.toContain('not found');
    const output = await aiops(project, ['hook', 'output', id, 'run-1', '--json']);
    expect(JSON.stringify(output.json())).toContain('cwd /nonexistent/dir does not exist');
  });
});
