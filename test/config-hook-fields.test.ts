import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { aiops as aiopsSpawned } from './helpers/cli.js';
// One validation at a time, in-process; the one-round report below goes through the binary itself.
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';

let project: TempProject;
afterEach(() => project?.cleanup());

/** The shipped project with `hooks` added to its aiops.yaml. */
function projectWithHooks(hooks: Record<string, unknown>): TempProject {
  const p = makeProject({ withScenarios: true });
  const file = join(p.dir, 'aiops.yaml');
  const config = parse(readFileSync(file, 'utf8'));
  Object.assign(config.hooks, hooks);
  writeFileSync(file, stringify(config));
  return p;
}

/** `aiops.yaml:LINE:COL` of the first line holding `text` (COL where the value starts, after `key: `). */
function at(p: TempProject, key: string, text: string): string {
  const lines = readFileSync(join(p.dir, 'aiops.yaml'), 'utf8').split('\n');
  const i = lines.findIndex((l) => [text, `"${text}"`, `'${text}'`].some((v) => l.trim() === `${key}: ${v}`));
  expect(i, `${key}: ${text}`).toBeGreaterThanOrEqual(0);
  return `aiops.yaml:${i + 1}:${lines[i]!.indexOf(`${key}: `) + key.length + 3}`;
}

/** Every command that validates aiops.yaml, and what it must say: the located problem, exit 2. */
async function expectRefused(p: TempProject, located: string, message: string): Promise<void> {
  for (const args of [['playbook', 'validate'], ['playbook', 'validate', '--format', 'config', 'aiops.yaml'], ['scenario', 'validate'], ['hook', 'list']]) {
    const r = await aiops(p, args);
    expect(r.exitCode, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(2);
    expect(r.stderr, args.join(' ')).toContain(`${located}: ${message}`);
  }
  // An acting command refuses the project as it does any invalid aiops.yaml, writing nothing.
  const start = await aiops(p, ['incident', 'start', '--title', 'x', '--no-tui'], { as: 'alice' });
  expect(start.exitCode).toBe(2);
  expect(start.stderr).toContain(`${located}: ${message}`);
}

describe('aiops.yaml: hook fields that cannot work as written are refused where the file is validated', () => {
  it('a timeout of 0 (no time at all) is refused, located, exit 2', async () => {
    project = projectWithHooks({ sleepy: { command: ['sleep', '30'], timeout: '0s' } });
    await expectRefused(project, at(project, 'timeout', '0s'), 'timeout 0s is no time at all; give one above 0');
  });

  it('0ms and 0m0s are no time either; 500ms is', async () => {
    project = projectWithHooks({ a: { command: ['sleep', '1'], timeout: '0ms' }, b: { command: ['sleep', '1'], timeout: '0m0s' }, c: { command: ['true'], timeout: '500ms' } });
    const r = await aiops(project, ['playbook', 'validate', '--format', 'config', 'aiops.yaml']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`${at(project, 'timeout', '0ms')}: timeout 0ms is no time at all`);
    expect(r.stderr).toContain(`${at(project, 'timeout', '0m0s')}: timeout 0m0s is no time at all`);
    expect(r.stderr).not.toContain('500ms');
  });

  it('a program (command[0]) that is a template is refused, located at it, exit 2', async () => {
    project = projectWithHooks({ chooser: { command: ['{{incident.title}}', 'x'] } });
    const lines = readFileSync(join(project.dir, 'aiops.yaml'), 'utf8').split('\n');
    const i = lines.findIndex((l) => l.includes('"{{incident.title}}"') || l.includes("'{{incident.title}}'"));
    const located = `aiops.yaml:${i + 1}:${lines[i]!.indexOf('{{incident.title}}')}`;
    await expectRefused(project, located, 'the program (command[0] = "{{incident.title}}") is a template; values may fill arguments only');
  });

  it('is reported beside a schema problem elsewhere in the file, in one round', async () => {
    project = projectWithHooks({ chooser: { command: ['{{incident.title}}', 'x'] } });
    const file = join(project.dir, 'aiops.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^redact:/m, 'redactt:'));
    const r = await aiopsSpawned(project, ['playbook', 'validate']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/aiops\.yaml:\d+:1: unknown field "redactt"/);
    expect(r.stderr).toMatch(/aiops\.yaml:\d+:\d+: the program \(command\[0\] = "\{\{incident\.title\}\}"\) is a template/);
  });

  it('a cwd holding a template (never filled there) is refused, located, exit 2', async () => {
    project = projectWithHooks({ inplace: { command: ['./fixtures/hooks/feature-flag.sh', 'disable'], cwd: '/tmp/{{incident.id}}' } });
    await expectRefused(project, at(project, 'cwd', '/tmp/{{incident.id}}'), 'cwd "/tmp/{{incident.id}}" holds a template, which is never filled there');
  });
});
