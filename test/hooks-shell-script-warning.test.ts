import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { shellScriptTemplates } from '../src/core/hook-config.js';
import { aiops as aiopsSpawned } from './helpers/cli.js';
// One command at a time, in-process; playbook validate goes through the binary.
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';

let project: TempProject;
afterEach(() => project?.cleanup());

const HOOKS = {
  shelly: { command: ['sh', '-c', 'echo {{incident.title}}'] },
  wrapped: { command: ['env', 'sh', '-c', 'echo {{incident.title}}'] },
  strict: { command: ['/bin/bash', '-euo', 'pipefail', '-c', 'echo {{incident.title}} {{params.tenant}}', 'bash'] },
  safe: { command: ['sh', '-c', 'echo "$1"', 'sh', '{{incident.title}}'] },
};

function projectWithHooks(): TempProject {
  const p = makeProject({ withScenarios: false });
  const file = join(p.dir, 'aiops.yaml');
  const config = parse(readFileSync(file, 'utf8'));
  Object.assign(config.hooks, structuredClone(HOOKS));
  writeFileSync(file, stringify(config));
  return p;
}

/**
 * argv only keeps a value out of a shell, unless the hook's own program is a shell and the value is
 * pasted into its script: `[sh, -c, "echo {{incident.title}}"]` runs `$(touch /tmp/x)` from a title.
 * aiops cannot refuse it without breaking configs that load today, so it warns, saying the way out.
 */
describe('a {{…}} template inside the script a shell runs', () => {
  it('playbook validate warns, located at the script, naming the hook and how to pass the value; it still passes (exit 0)', async () => {
    project = projectWithHooks();
    const r = await aiopsSpawned(project, ['playbook', 'validate']);
    expect(r.exitCode, r.stderr).toBe(0);
    const lines = readFileSync(join(project.dir, 'aiops.yaml'), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.trim() === '- echo {{incident.title}}') + 1;
    expect(line).toBeGreaterThan(0);
    expect(r.stderr).toContain(`aiops.yaml:${line}:`);
    expect(r.stderr).toMatch(/aiops\.yaml:\d+:\d+: warning: hook shelly: \{\{incident\.title\}\} in command\[2\] is pasted into the script sh -c runs, so the value reaches a shell/);
    expect(r.stderr).toContain(`pass it as its own argument after the script and read it as "$1" there: [sh, -c, 'echo "$1"', sh, "{{incident.title}}"]`);
    expect(r.stderr).toContain('warning: hook wrapped: {{incident.title}} in command[3]');
    expect(r.stderr).toContain('warning: hook strict: {{incident.title}}, {{params.tenant}} in command[4] are pasted into the script bash -c runs');
    expect(r.stderr).not.toContain('hook safe');
    const json = (await aiops(project, ['playbook', 'validate', '--json'])).json();
    expect(json.ok).toBe(true);
    expect(json.warnings.map((w: { message: string }) => w.message.split(':')[0])).toEqual(['hook shelly', 'hook wrapped', 'hook strict']);
    expect(json.warnings[0]).toMatchObject({ file: 'aiops.yaml', line: expect.any(Number), col: expect.any(Number) });
  });

  it('hook list and hook test warn too, and still exit 0', async () => {
    project = projectWithHooks();
    const list = await aiops(project, ['hook', 'list']);
    expect(list.exitCode, list.stderr).toBe(0);
    expect(list.stdout).toContain('WARNING  hook shelly: {{incident.title}} in command[2] is pasted into the script sh -c runs');
    const listed = (await aiops(project, ['hook', 'list', '--json'])).json().hooks as { name: string; warnings: string[] }[];
    expect(listed.find((h) => h.name === 'safe')!.warnings).toEqual([]);
    expect(listed.find((h) => h.name === 'wrapped')!.warnings[0]).toContain('reaches a shell');
    const test = await aiops(project, ['hook', 'test', 'shelly']);
    expect(test.exitCode, test.stdout).toBe(0);
    expect(test.stdout).toContain('WARNING: hook shelly: {{incident.title}} in command[2] is pasted into the script sh -c runs');
    expect(test.stdout).toContain('it would run as shown');
    expect((await aiops(project, ['hook', 'test', 'shelly', '--json'])).json().warnings).toHaveLength(1);
    expect((await aiops(project, ['hook', 'test', 'safe', '--json'])).json().warnings).toEqual([]);
  });

  it('finds the script behind -c variants, option clusters and wrappers; a value after the script is text', () => {
    const at = (command: string[]) => shellScriptTemplates(command).map((u) => [u.shell, u.index]);
    expect(at(['zsh', '-c', '{{params.cmd}}'])).toEqual([['zsh', 2]]);
    expect(at(['dash', '-ec', 'x {{incident.id}}'])).toEqual([['dash', 2]]);
    expect(at(['/usr/bin/env', '-i', 'A=1', 'bash', '--norc', '-c', 'x {{incident.id}}'])).toEqual([['bash', 6]]);
    expect(at(['bash', '-o', 'pipefail', '-c', 'x {{incident.id}}'])).toEqual([['bash', 4]]);
    expect(at(['timeout', '5', 'sh', '-c', 'x {{incident.id}}'])).toEqual([['sh', 4]]);
    expect(at(['sh', '-c', 'echo "$1"', 'sh', '{{incident.title}}'])).toEqual([]);
    expect(at(['sh', './script.sh', '{{incident.title}}'])).toEqual([]);
    expect(at(['./flag.sh', 'sh', '{{incident.title}}'])).toEqual([]);
  });
});
