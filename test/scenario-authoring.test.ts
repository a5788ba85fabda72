import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventFieldsTable, matchKeysOf } from '../src/core/event-fields.js';
import { aiops as aiopsSpawned } from './helpers/cli.js';
// One command at a time, in-process; the misspelled-key validate goes through the binary, as its test says.
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, REPO, type TempProject } from './helpers/project.js';

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

describe('scenario authoring that catches mistakes', () => {
  it('the README lists each event type with its fields, made from the one list in code', () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const between = /<!-- event-fields:start -->\n([\s\S]*?)\n<!-- event-fields:end -->/.exec(readme)?.[1];
    expect(between).toBe(eventFieldsTable());
  });

  it('match keys are the payload fields plus actor and role; hook.finished also takes simulated', () => {
    expect(matchKeysOf('step.completed')).toEqual(['step', 'option', 'goto', 'note', 'text', 'byHand', 'endedEarlyBy', 'actor', 'role']);
    expect(matchKeysOf('hook.finished')).toContain('simulated');
    expect(matchKeysOf('role.assigned').filter((k) => k === 'role')).toHaveLength(1);
  });

  it('a misspelled match key, event or fail hook is FILE:LINE:COL with did-you-mean (the binary)', async () => {
    // Given a scenario with `stp` for step, `hook.finshed` for hook.finished and a misspelled failing hook
    project = makeProject();
    const file = 'scenarios/typo.yaml';
    writeFileSync(
      join(project.dir, file),
      [
        'id: typo',
        'title: Typos',
        'playbook: data-leakage',
        'incident: {title: Leak, service: assistant-eu}',
        'fail: {hook: pause-featur}',
        'expectations:',
        '  - {id: leak-confirmed, event: step.completed, match: {stp: leaked}, within: 20m}',
        '  - {id: paused, event: hook.finshed, match: {hook: pause-feature}, within: 10m}',
        '',
      ].join('\n'),
    );
    // When it is validated
    const r = await aiopsSpawned(project, ['scenario', 'validate', file]);
    // Then each mistake is located at its key or value, with the name meant
    expect(r.exitCode).toBe(2);
    expect(r.stdout + r.stderr).toContain(`${file}:7:57: step.completed has no field "stp"; did you mean "step"? (its fields: step, option, goto, note, text, byHand, endedEarlyBy, actor, role)`);
    expect(r.stdout + r.stderr).toContain(`${file}:8:25: unknown event "hook.finshed"; did you mean "hook.finished"?`);
    expect(r.stdout + r.stderr).toContain(`${file}:5:14: fail: hook "pause-featur" is not in aiops.yaml; did you mean "pause-feature"?`);
  });

  it('a blank incident service or title is located, as incident start refuses it blank', async () => {
    project = makeProject();
    const file = 'scenarios/blank.yaml';
    writeFileSync(join(project.dir, file), ['id: blank', 'title: Blank', 'playbook: data-leakage', 'incident: {title: Leak, service: "  "}', 'expectations: []', ''].join('\n'));
    const r = await aiops(project, ['scenario', 'validate', file]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout + r.stderr).toContain(`${file}:4:34: incident service is blank`);
  });

  it('a script entry the verb itself would refuse is located by validate, not found when the drill plays it', async () => {
    // Given a script entry `step` with no action, and one with `retry: true` (as `incident step ID STEP --retry`)
    project = makeProject();
    const file = 'scenarios/script-args.yaml';
    const lines = [
      'id: script-args',
      'title: Script args',
      'playbook: data-leakage',
      'incident: {title: Leak, service: assistant-eu}',
      'expectations: []',
      'script:',
      '  - {at: 1m, as: alice, do: step, args: {step: pause}}',
      '  - {at: 2m, as: alice, do: step, args: {step: pause, retry: true}}',
      '  - {at: 3m, as: alice, do: step, args: {step: leaked, done: true, reason: oops}}',
      '  - {at: 4m, as: alice, do: step, args: {note: no step named}}',
      '  - {at: 5m, as: alice, do: step, args: {step: scope}}',
      '',
    ];
    writeFileSync(join(project.dir, file), lines.join('\n'));
    const r = await aiops(project, ['scenario', 'validate', file]);
    // Then the first and third are problems at their args, in the words the drill would have used
    expect(r.exitCode).toBe(2);
    expect(r.stdout + r.stderr).toContain(`${file}:7:41: step: needs exactly one of done: true, skip: REASON, choose: OPTION, reopen: true`);
    expect(r.stdout + r.stderr).toMatch(new RegExp(`${file}:9:\\d+: step: args\\.reason goes with args\\.reopen`));
    // An entry missing its step is said once (not again in the verb's words); the others still are
    expect((r.stdout + r.stderr).match(new RegExp(`${file}:10:`, 'g'))).toHaveLength(1);
    expect(r.stdout + r.stderr).toMatch(new RegExp(`${file}:10:\\d+: step needs args\\.step`));
    expect(r.stdout + r.stderr).toMatch(new RegExp(`${file}:11:\\d+: step: needs exactly one of done`));
    // And the retry is what the CLI takes: no problem on line 8
    expect(r.stdout + r.stderr).not.toContain(`${file}:8:`);
  });

  it('aiops drill with no scenario named, when no scenario loads, says which files have problems (not "no scenarios found")', async () => {
    // Given a project whose scenarios all name a playbook it does not have, and no shipped one fits
    project = makeProject();
    for (const f of readdirSync(join(project.dir, 'playbooks'))) if (f !== 'generic-triage.yaml') rmSync(join(project.dir, 'playbooks', f));
    for (const f of readdirSync(join(project.dir, 'scenarios'))) {
      const path = join(project.dir, 'scenarios', f);
      writeFileSync(path, readFileSync(path, 'utf8').replace(/^playbook: .*$/m, 'playbook: nope'));
    }
    const r = await aiops(project, ['drill'], { as: 'alice' });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/no scenario loads: \d+ file\(s\) in .*scenarios\/ have problems \(scenarios\/[\w-]+\.yaml/);
    expect(r.stderr).not.toContain('no scenarios found');
  });
});
