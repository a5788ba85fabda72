import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { lineOfProjectFile, makeProject, type TempProject } from './helpers/project.js';

let project: TempProject;
beforeEach(() => {
  project = makeProject({ withScenarios: false });
});
afterEach(() => project.cleanup());

const write = (file: string, text: string) => writeFileSync(join(project.dir, file), text);
const playbook = (steps: string) => `id: mine
version: 1.0.0
title: t
owner: me
triggers: [{id: mine_t, severity: SEV2}]
roles: [commander, reviewer]
steps:
${steps}`;

describe('playbook validate: every template names a value rendering fills', () => {
  it('rejects a misspelt incident field, a param the step does not give and an unclosed {{, each located', async () => {
    // Given a notify step with a typo in an incident field and a param it never gives, and one with an unclosed {{
    write('playbooks/mine.yaml', playbook(`  - {id: tell, kind: notify, owner: commander, title: t, template: "Svc {{incident.servce}} p {{params.zz}} {{incident.id}}"}
  - {id: tell2, kind: notify, owner: commander, title: t2, template: "{{incident.id"}
`));
    // When the playbook is validated
    const r = await aiops(project, ['playbook', 'validate', 'playbooks/mine.yaml']);
    // Then each is a FILE:LINE:COL problem, with a did-you-mean for the typo, and the run fails
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('playbooks/mine.yaml:8:68: unknown template variable {{incident.servce}} (did you mean "incident.service"?)');
    expect(r.stderr).toContain('playbooks/mine.yaml:8:68: unknown template variable {{params.zz}}: the step gives no params');
    expect(r.stderr).toContain('playbooks/mine.yaml:9:70: unclosed {{ in template: "{{incident.id" has no }}');
  });

  it('rejects {{params.*}} inside a param, which is filled before any param is', async () => {
    // Given an action step whose param reads another param
    write('playbooks/mine.yaml', playbook(`  - {id: act, kind: action, owner: commander, title: a, hook: pause-feature, params: {tenant: "{{params.tenant}}"}}
`));
    // When it is validated
    const r = await aiops(project, ['playbook', 'validate', 'playbooks/mine.yaml']);
    // Then the param's template is refused at the param
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/playbooks\/mine\.yaml:8:\d+: unknown template variable \{\{params\.tenant\}\}: a param is filled from the incident/);
  });

  it('accepts every variable rendering fills, and the shipped playbooks still validate', async () => {
    // Given a notify step using each incident field, its own param, context, inventory, actor, now and step.id
    write('playbooks/mine.yaml', playbook(`  - id: tell
    kind: notify
    owner: commander
    title: t
    params: {who: "{{incident.service}} {{context.tenant}}"}
    template: "{{incident.id}} {{incident.title}} {{incident.service}} {{incident.severity}} {{incident.trigger}} {{incident.status}} {{incident.drill}} {{ params.who }} {{actor}} {{now}} {{step.id}} {{inventory.prompt.previous}}"
`));
    // When all playbooks are validated
    const r = await aiops(project, ['playbook', 'validate']);
    // Then there is no problem
    expect(r.exitCode, r.stderr).toBe(0);
  });
});

describe('aiops.yaml: hook command templates are checked where aiops.yaml is', () => {
  it('rejects a misspelt variable and an unclosed {{ in playbook validate, hook list and hook test, but lets another tool\'s closed template through', async () => {
    // Given the pause-feature hook with a typo, an unclosed {{ and a docker-style {{.State}} argument
    const file = join(project.dir, 'aiops.yaml');
    const text = readFileSync(file, 'utf8');
    const next = text.replace(/(pause-feature:\n\s+command: \[[^\]]*)\]/, '$1, "{{incident.titel}}", "{{incident.id", "{{.State}}"]');
    expect(next).not.toBe(text);
    writeFileSync(file, next);
    const line = lineOfProjectFile(project, 'aiops.yaml', /incident\.titel/);
    // When aiops.yaml is checked by each command that loads it
    for (const args of [['playbook', 'validate'], ['hook', 'list'], ['hook', 'test', 'pause-feature', '--param', 'tenant=a']]) {
      const r = await aiops(project, args);
      // Then each refuses, naming the unknown variable (with a did-you-mean) and the unclosed {{ at their arguments
      expect(r.exitCode, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`aiops\\.yaml:${line}:\\d+: unknown template variable \\{\\{incident\\.titel\\}\\} \\(did you mean "incident\\.title"\\?\\)`));
      expect(r.stderr).toMatch(new RegExp(`aiops\\.yaml:${line}:\\d+: unclosed \\{\\{ in template: "\\{\\{incident\\.id" has no \\}\\}`));
      expect(r.stderr).not.toContain('{{.State}}');
    }
  });
});

describe('rendering refuses a message with a variable that has no value', () => {
  it('does not record a notify message with a blank where a context key was never given', async () => {
    // Given a notify step reading a context key, on an incident started without it
    write('playbooks/mine.yaml', playbook(`  - {id: tell, kind: notify, owner: commander, title: t, template: "Paused {{context.tenant}} on {{incident.id}}"}
`));
    const start = await aiops(project, ['--json', 'incident', 'start', '--playbook', 'mine', '--title', 'x'], { as: 'alice' });
    expect(start.exitCode, start.stderr).toBe(0);
    const id = start.json().incident.id as string;
    // When the step is done without --text
    const r = await aiops(project, ['incident', 'step', id, 'tell', '--done'], { as: 'alice' });
    // Then it is refused, naming the variable, and nothing is recorded as sent
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("step tell's message names {{context.tenant}}, which this incident has no value for; nothing was sent");
    const log = await aiops(project, ['evidence', 'export', id]);
    expect(log.stdout).not.toContain('"step.completed"');
    // And with the context given, the message is sent whole
    const ok = await aiops(project, ['--json', 'incident', 'start', '--playbook', 'mine', '--title', 'y', '--context', 'tenant=acme'], { as: 'alice' });
    const id2 = ok.json().incident.id as string;
    expect((await aiops(project, ['incident', 'step', id2, 'tell', '--done'], { as: 'alice' })).exitCode).toBe(0);
    const done = (await aiops(project, ['evidence', 'export', id2])).stdout.split('\n').filter((l) => l.includes('"step.completed"'));
    expect(done.join('\n')).toContain(`"text":"Paused acme on ${id2}"`);
  });
});
