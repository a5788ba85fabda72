import { afterEach, describe, expect, it } from 'vitest';
import { aiops as aiopsSpawned } from './helpers/cli.js';
// The incident is started through the binary; each refusal is one command, run in-process.
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';

let project: TempProject;
afterEach(() => project?.cleanup());

/**
 * `--retry` and `--record` say how a hook step was done (its hook run again, or done by hand after
 * it failed). On a step with no hook they mean nothing: they used to complete the step anyway, so a
 * notify step's customer update was logged as sent though nobody sent it.
 */
describe('incident step --retry / --record on a step with no hook', () => {
  it('is refused as bad input (exit 2) naming what to use instead, and writes nothing', async () => {
    // Given an incident on the generic-triage playbook: checks, a decision and a notify step, no hooks
    project = makeProject({ withScenarios: false });
    const start = await aiopsSpawned(project, ['incident', 'start', '--title', 'retry test', '--no-tui', '--json'], { as: 'alice' });
    expect(start.exitCode, start.stderr).toBe(0);
    const id = start.json().incident.id as string;
    const head = async () => (await aiops(project, ['evidence', 'head', '--json'])).json().head.seq as number;
    const before = await head();
    const cases: [string[], string][] = [
      [['assign-roles', '--retry'], 'step assign-roles has no hook: use --done or --skip REASON'],
      [['update', '--retry'], 'step update has no hook: use --done or --skip REASON'],
      [['update', '--retry', '--text', 'We paused it.'], 'step update has no hook: use --done or --skip REASON'],
      [['describe', '--record'], 'step describe has no hook: use --done or --skip REASON'],
      [['describe', '--record', '--note', 'did it by hand'], 'step describe has no hook: use --done or --skip REASON'],
      [['assign-roles', '--done', '--retry'], 'step assign-roles has no hook: use --done or --skip REASON'],
      [['classify', '--retry'], 'step classify has no hook: use --choose OPTION or --skip REASON'],
    ];
    for (const [args, message] of cases) {
      // When a responder asks to retry or record a step that fires no hook
      const r = await aiops(project, ['incident', 'step', id, ...args], { as: 'alice' });
      // Then it is bad input, said so, with nothing claimed on stdout
      expect(r.exitCode, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stdout).not.toContain('recorded');
    }
    // And the log is as it was: no step completed, no update logged as sent
    expect(await head()).toBe(before);
    const show = await aiops(project, ['incident', 'show', id, '--json']);
    const steps = show.json().incident.steps as { id: string; status: string }[];
    expect(steps.filter((s) => s.status !== 'pending')).toEqual([]);
    // And --json says the same as invalid input
    const json = await aiops(project, ['incident', 'step', id, 'update', '--retry', '--json'], { as: 'alice' });
    expect(json.exitCode).toBe(2);
    expect(json.json().error).toMatchObject({ kind: 'invalid-input', message: 'step update has no hook: use --done or --skip REASON' });
    // While --done still completes such a step
    const done = await aiops(project, ['incident', 'step', id, 'assign-roles', '--done'], { as: 'alice' });
    expect(done.exitCode, done.stderr).toBe(0);
    expect(done.stdout).toContain('assign-roles: recorded');
  });
});
