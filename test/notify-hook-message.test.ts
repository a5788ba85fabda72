import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeHookProject, readDumps } from './helpers/hook-project.js';
import type { TempProject } from './helpers/project.js';

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

/** The shipped project, with data-leakage's notify step `update` sending its message through a hook. */
function projectWithSendingNotify(): TempProject {
  const p = makeHookProject((config) => {
    config.hooks.send = { command: ['./fixtures/hook-tests/dump-argv.sh', '{{message}}'], env: ['AIOPS_STATE_DIR'], drill: 'run' };
  });
  const file = join(p.dir, 'playbooks', 'data-leakage.yaml');
  const pb = parse(readFileSync(file, 'utf8'));
  pb.steps.find((s: { id: string }) => s.id === 'update').hook = 'send';
  writeFileSync(file, stringify(pb));
  return p;
}

async function started(p: TempProject): Promise<string> {
  const r = await aiops(p, ['--json', 'incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'tenant-b'], { as: 'alice' });
  expect(r.exitCode, r.stderr).toBe(0);
  return r.json().incident.id;
}

describe('a notify step with a hook sends the message through it', () => {
  it('passes the edited message to the hook as {{message}} and records what was sent', async () => {
    // Given an incident whose notify step fires the `send` hook
    project = projectWithSendingNotify();
    const id = await started(project);
    // When the communicator's step is done with an edited message
    const text = 'We paused the assistant for tenant-b while we investigate.';
    const r = await aiops(project, ['--json', 'incident', 'step', id, 'update', '--done', '--text', text], { as: 'alice' });
    // Then the hook received exactly that message as one argument
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readDumps(project.stateDir).at(-1)?.slice(1)).toEqual([text]);
    // And the step's completion in the evidence log records what was sent
    const log = await aiops(project, ['evidence', 'export', id]);
    const events = log.stdout.trim().split('\n').slice(1).map((line) => JSON.parse(line));
    const done = events.find((e) => e.type === 'step.completed' && e.payload.step === 'update');
    expect(done?.payload).toMatchObject({ step: 'update', text });
  });

  it('sends the rendered template when the message was not edited', async () => {
    // Given the same incident
    project = projectWithSendingNotify();
    const id = await started(project);
    // When the step is done without --text
    const r = await aiops(project, ['incident', 'step', id, 'update', '--done'], { as: 'alice' });
    // Then the hook got the playbook's template with the incident's values filled in
    expect(r.exitCode, r.stderr).toBe(0);
    const [sent] = readDumps(project.stateDir).at(-1)!.slice(1);
    expect(sent).toContain('tenant-b');
    expect(sent).not.toContain('{{');
  });
});
