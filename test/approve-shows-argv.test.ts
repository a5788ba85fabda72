import { afterEach, describe, expect, it } from 'vitest';
import { aiops as aiopsSpawned } from './helpers/cli.js';
// The starts and shows run in-process; the approvals run the binary (in tmux, and with --yes and no terminal).
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { BIN, makeProject, type TempProject } from './helpers/project.js';
import { needProgram } from './helpers/system-programs.js';
import { tmuxSession } from './helpers/tmux.js';
import { patience } from './helpers/patience.js';

// Skips (said once for the run) without tmux; under CI=true a missing tmux fails here instead.
const terminal = needProgram('tmux');
const t = tmuxSession('approve-argv');

let project: TempProject | undefined;
afterEach(() => {
  t.kill();
  project?.cleanup();
});

async function started(p: TempProject): Promise<string> {
  const r = await aiops(p, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'acme', '--json'], { as: 'alice' });
  expect(r.exitCode, r.stderr).toBe(0);
  return r.json().incident.id as string;
}

describe('an approver sees what their approval will run', () => {
  it('show and show --json list the resolved argv of a step waiting for approval', async () => {
    // Given an incident whose pause step waits for the commander's approval
    project = makeProject({ withScenarios: false });
    const id = await started(project);
    const want = [`${project.dir}/fixtures/hooks/feature-flag.sh`, 'disable', '--tenant', 'acme', '--incident', id];
    // When anyone shows it
    const text = await aiops(project, ['incident', 'show', id]);
    const json = await aiops(project, ['incident', 'show', id, '--json']);
    // Then the text and the JSON both carry the argv, templates filled
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toContain(`      runs: ${want.join(' ')}`);
    const steps = json.json().incident.steps as { id: string; argv: string[] | null }[];
    expect(steps.find((s) => s.id === 'pause')?.argv).toEqual(want);
    // And a step with no hook has none
    expect(steps.find((s) => s.id === 'assign-roles')?.argv).toBeNull();
  }, patience(60_000));

  it.skipIf(terminal.skip)('approve on a terminal shows the argv and asks; no records nothing, y runs it and prints what ran', async () => {
    project = makeProject({ withScenarios: false });
    const p = project;
    const id = await started(p);
    const argv = `${p.dir}/fixtures/hooks/feature-flag.sh disable --tenant acme --incident ${id}`;
    const cmd = (n: number) =>
      [`env -u CI NO_COLOR=1 AIOPS_DB= TZ=UTC AIOPS_STATE_DIR=${p.stateDir}`, `node ${BIN} --as alice incident approve ${id} pause`, `; echo EXITED-${n} $?; sleep 60`].join(' ');
    // When alice answers no
    t.start(p.dir, cmd(1), { x: 200, y: 40 });
    await t.waitFor('[y/N]');
    expect(t.screen()).toContain(`pause runs: ${argv}`);
    t.keys('n', 'Enter');
    // Then it leaves with exit 2 and nothing is recorded
    expect(await t.waitFor('EXITED-1')).toContain('EXITED-1 2');
    expect(t.screen()).toContain('not approved: nothing was recorded');
    t.kill();
    const after = await aiops(p, ['incident', 'show', id, '--json']);
    expect(after.json().incident.steps.find((s: { id: string }) => s.id === 'pause').approvals).toEqual([]);
    // When she answers y
    t.start(p.dir, cmd(2), { x: 200, y: 40 });
    await t.waitFor('[y/N]');
    t.keys('y', 'Enter');
    // Then the hook runs and the argv that ran is printed
    const screen = await t.waitFor('EXITED-2');
    expect(screen).toContain('EXITED-2 0');
    expect(screen).toContain('pause-feature: ok');
    expect(screen).toContain(`  ran: ${argv}`);
  }, patience(60_000));

  it('--yes, like no terminal, approves without asking', async () => {
    project = makeProject({ withScenarios: false });
    const id = await started(project);
    const r = await aiopsSpawned(project, ['incident', 'approve', id, 'pause', '--yes'], { as: 'alice' });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('[y/N]');
    expect(r.stdout).toContain(`  ran: ${project.dir}/fixtures/hooks/feature-flag.sh disable --tenant acme --incident ${id}`);
  }, patience(60_000));
});
