import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aiops as aiopsSpawned } from './helpers/cli.js';
// One command at a time, in-process; validate of two files with one id goes through the binary itself.
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';

const NOW = { AIOPS_NOW: '2026-03-14T09:00:00.000Z' };
let project: TempProject | undefined;
afterEach(() => project?.cleanup());

const HEAD = ['title: T', 'playbook: data-leakage', 'incident: {title: t, service: assistant-eu, trigger: data_leakage}'];

/** Writes scenarios/NAME.yaml (id NAME unless `id` says otherwise): the header, then `body`. */
function scenario(p: TempProject, name: string, body: string[], id = name): string {
  mkdirSync(join(p.dir, 'scenarios'), { recursive: true });
  const file = `scenarios/${name}.yaml`;
  writeFileSync(join(p.dir, file), [`id: ${id}`, ...HEAD, ...body, ''].join('\n'));
  return file;
}

const SCRIPT = ['script:', '  - {at: 10s, as: alice, do: assign, args: {role: commander, person: alice}}'];

describe('scenario validate and drill refuse what the drill could not score or play', () => {
  it('a weight that is not a number from 0.01 to 1000 is located, in validate and in drill (exit 2)', async () => {
    // Given weights that overflow their sum (1e308 twice), one too small to count (5e-324) and one infinite
    project = makeProject({ withScenarios: false });
    const huge = scenario(project, 'huge', [
      'expectations:',
      '  - {id: a, event: role.assigned, match: {role: commander}, within: 2m, weight: 1e308}',
      '  - {id: b, event: role.assigned, match: {role: reviewer}, within: 2m, weight: 1e308}',
      ...SCRIPT,
    ]);
    const tiny = scenario(project, 'tiny', [
      'expectations:',
      '  - {id: a, event: role.assigned, match: {role: commander}, within: 2m, weight: 5e-324}',
      '  - {id: b, event: role.assigned, match: {role: reviewer}, within: 2m, weight: .inf}',
      ...SCRIPT,
    ]);
    // When they are validated
    const r = await aiops(project, ['scenario', 'validate', huge, tiny]);
    const v = { stdout: r.stdout + r.stderr };
    // Then each weight is located and refused
    expect(r.exitCode).toBe(2);
    expect(v.stdout).toContain(`${huge}:6:81: expectations.0.weight: a weight is a number from 0.01 to 1000`);
    expect(v.stdout).toContain(`${huge}:7:80: expectations.1.weight: a weight is a number from 0.01 to 1000`);
    expect(v.stdout).toContain(`${tiny}:6:81: expectations.0.weight: a weight is a number from 0.01 to 1000`);
    expect(v.stdout).toContain(`${tiny}:7:80: expectations.1.weight:`);
    // And a drill of one refuses it the same way, before anything is opened
    for (const ref of ['huge', huge]) {
      const d = await aiops(project, ['drill', ref, '--auto'], { as: 'alice', env: NOW });
      expect(d.exitCode, ref).toBe(2);
      expect(d.stderr, ref).toContain(`${huge}:6:81: expectations.0.weight: a weight is a number from 0.01 to 1000`);
      expect(d.stderr, ref).not.toContain('bug in aiops');
    }
    expect((await aiops(project, ['drill', 'list', '--json'])).json().drills).toEqual([]);
  });

  it('an after: cycle of any length is located at the first expectation in it (exit 2)', async () => {
    project = makeProject({ withScenarios: false });
    const two = scenario(project, 'two', [
      'expectations:',
      '  - {id: a, event: role.assigned, match: {role: commander}, weight: 1, after: b}',
      '  - {id: b, event: role.assigned, match: {role: reviewer}, weight: 1, after: a}',
    ]);
    const three = scenario(project, 'three', [
      'expectations:',
      '  - {id: x, event: role.assigned, match: {role: commander}, weight: 1}',
      '  - {id: c, event: role.assigned, match: {role: reviewer}, weight: 1, after: e}',
      '  - {id: d, event: role.assigned, match: {role: communicator}, weight: 1, after: c}',
      '  - {id: e, event: role.assigned, match: {role: model_owner}, weight: 1, after: d}',
      '  - {id: f, event: role.assigned, match: {role: model_owner}, weight: 1, after: e}',
    ]);
    const r = await aiops(project, ['scenario', 'validate', two, three]);
    expect(r.exitCode).toBe(2);
    const lines = (r.stdout + r.stderr).split('\n').filter((l) => l.includes('cycle'));
    expect(lines.sort()).toEqual([`${three}:7:78: after: cycle c → e → d → c`, `${two}:6:79: after: cycle a → b → a`]);
  });

  it('a script entry naming a person not in the roster is located at that arg (assign, handoff, action.add)', async () => {
    project = makeProject({ withScenarios: false });
    const file = scenario(project, 'people', [
      'expectations: []',
      'script:',
      '  - {at: 10s, as: alice, do: assign, args: {role: commander, person: zed}}',
      '  - {at: 20s, as: alice, do: handoff, args: {role: commander, person: bobb}}',
      '  - {at: 30s, as: alice, do: action.add, args: {text: follow up, owner: zork, due: 7d}}',
      '  - {at: 40s, as: alice, do: assign, args: {role: reviewer, person: bob}}',
    ]);
    const r = await aiops(project, ['scenario', 'validate', file]);
    const v = { stdout: r.stdout + r.stderr };
    expect(r.exitCode).toBe(2);
    expect(v.stdout).toContain(`${file}:7:70: assign: args.person "zed" is not in the roster`);
    expect(v.stdout).toContain(`${file}:8:71: handoff: args.person "bobb" is not in the roster; did you mean "bob"?`);
    expect(v.stdout).toContain(`${file}:9:73: action.add: args.owner "zork" is not in the roster`);
    expect(v.stdout).not.toContain(':10:');
    expect(v.stdout).toContain('3 problem(s) in 1 file(s)');
    // And drill refuses it the same way before opening anything, rather than failing the entry as it plays
    const d = await aiops(project, ['drill', 'people', '--auto'], { as: 'alice', env: NOW });
    expect(d.exitCode).toBe(2);
    expect(d.stderr).toContain(`${file}:7:70: assign: args.person "zed" is not in the roster`);
  });

  it("a script arg the command would refuse against the playbook (an option, a role, a due) is located at it, and drill refuses before playing", async () => {
    // Given a script whose entries each pass the verbs' own arg reading but are refused when played
    project = makeProject({ withScenarios: false });
    const file = scenario(project, 'refused-args', [
      'expectations: []',
      'script:',
      '  - {at: 10s, as: alice, do: assign, args: {role: commander, person: alice}}',
      '  - {at: 3m, as: alice, do: step, args: {step: leaked, choose: maybe}}',
      '  - {at: 6m, as: alice, do: assign, args: {role: wizard, person: bob}}',
      '  - {at: 8m, as: alice, do: action.add, args: {text: t, owner: bob, due: forever}}',
      '  - {at: 9m, as: alice, do: step, args: {step: leaked, done: true}}',
      '  - {at: 9m, as: alice, do: step, args: {step: leaked, choose: Yes}}',
    ]);
    // When it is validated
    const r = await aiops(project, ['scenario', 'validate', file]);
    const out = r.stdout + r.stderr;
    // Then each is located at its value, worded as the command words it, and validate fails
    expect(r.exitCode).toBe(2);
    expect(out).toContain(`${file}:8:64: step: step leaked has no option "maybe"; options: yes, no`);
    expect(out).toContain(`${file}:9:50: assign: unknown role "wizard"; roles are commander, model_owner, reviewer, communicator`);
    expect(out).toContain(`${file}:10:74: action.add: --due forever is neither a duration from now (7d, 2w) nor a date (2026-12-31)`);
    expect(out).toContain(`${file}:11:`);
    expect(out).toContain('step leaked is a decision: choose with --choose (yes, no)');
    expect(out).not.toContain(':12:');
    expect(out).toContain('4 problem(s) in 1 file(s)');
    // And drill refuses it before opening a drill
    const d = await aiops(project, ['drill', 'refused-args', '--auto'], { as: 'alice', env: NOW });
    expect(d.exitCode).toBe(2);
    expect(d.stderr).toContain(`${file}:9:50: assign: unknown role "wizard"`);
    expect(d.stdout).not.toContain('score');
  });

  it('two scenario files with one id: validate names both files, drill ID refuses as ambiguous, drill FILE plays', async () => {
    project = makeProject({ withScenarios: false });
    const first = scenario(project, 'first', ['expectations: []', ...SCRIPT], 'same');
    const second = scenario(project, 'second', ['expectations: []', ...SCRIPT], 'same');
    const v = await aiopsSpawned(project, ['scenario', 'validate']);
    expect(v.exitCode).toBe(2);
    expect(v.stdout + v.stderr).toContain(`${second}:1:5: scenario id "same" is also used by ${first}`);
    const d = await aiops(project, ['drill', 'same', '--auto'], { as: 'alice', env: NOW });
    expect(d.exitCode).toBe(2);
    expect(d.stderr).toContain(`scenario "same" is ambiguous: both ${first} and ${second} use that id`);
    expect((await aiops(project, ['drill', 'list', '--json'])).json().drills).toEqual([]);
    const byFile = await aiops(project, ['drill', second, '--auto'], { as: 'alice', env: NOW });
    expect(byFile.exitCode, byFile.stderr).toBe(0);
  });
});
