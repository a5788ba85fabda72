import { readdirSync, existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { aiops } from './helpers/cli.js';
import { BIN, makeProject, type TempProject } from './helpers/project.js';
import { until } from './helpers/processes.js';
import { needProgram } from './helpers/system-programs.js';
import { tmuxSession } from './helpers/tmux.js';
import { patience } from './helpers/patience.js';

// Skips (said once for the run) without tmux; under CI=true a missing tmux fails here instead.
const terminal = needProgram('tmux');

const t = tmuxSession('drill');
const { keys, waitFor } = t;

/** Waits until the screen satisfies `ok`. */
const waitForScreen = (ok: (screen: string) => boolean) => until(() => `the screen; it shows:\n${t.screen()}`, () => ok(t.screen()), 15_000, 60);

let project: TempProject | undefined;
afterEach(() => {
  t.kill();
  project?.cleanup();
});

describe.skipIf(terminal.skip)('a drill in a real terminal', () => {
  it('shows the DRILL banner and countdown, delivers injects on the sped-up clock, and simulates the pause', async () => {
    // Given the shipped wrong-tenant-leak scenario (54 minutes) at 30x speed, run by alice in tmux:
    // 108 real seconds, room for a loaded machine to reach the pause before the drill ends
    project = makeProject();
    const cmd = [
      'env -u CI NO_COLOR=1 AIOPS_DB=',
      `AIOPS_STATE_DIR=${project.stateDir}`,
      `node ${BIN} --as alice drill wrong-tenant-leak --speed 30`,
      '; echo EXITED $?; sleep 60',
    ].join(' ');
    t.start(project.dir, cmd);

    // Then the banner says it is a drill, with a countdown to the support screenshot at T+4m
    const first = await waitFor('DRILL · wrong-tenant-leak');
    expect(first).toMatch(/next inject in \d/);
    expect(first).toContain('hooks simulated');

    // When alice (the facilitator, not yet anyone's commander) takes command from another terminal
    const started = (await aiops(project, ['drill', 'list', '--json'])).json().drills[0].id as string;
    const command = await aiops(project, ['incident', 'assign', started, 'commander', 'alice'], { as: 'alice' });
    expect(command.exitCode, command.stderr).toBe(0);
    await waitFor('you: alice (commander)');
    // And completes the first step and approves the pause
    // (at 30x its 5m deadline is 10 real seconds: on a loaded machine it may already show LATE)
    await waitForScreen((screen) => /› (NOW|LATE)\s+assign-roles/.test(screen));
    keys('Enter');
    await waitFor('› APPRV pause');
    keys('Enter');
    await waitFor('Approve pause as commander?');
    keys('y');
    // Then the hook is simulated, not run
    await waitFor('pause-feature: simulated (drill)');

    // And at 30x the T+4m inject arrives within seconds (8 real seconds after the start)
    keys('3');
    await waitFor('Customer at Tenant B sent a screenshot', 20_000);

    keys('q');
    await waitFor('Leave DRILL-');
    keys('y');
    await waitFor('EXITED 0');

    // Nothing ran for real, the incident is flagged as a drill, and the log verifies
    expect(existsSync(project.stateDir) ? readdirSync(project.stateDir) : []).toEqual([]);
    const list = await aiops(project, ['drill', 'list', '--json']);
    expect(list.exitCode, list.stderr).toBe(0);
    expect(list.json().drills[0].id).toMatch(/^DRILL-\d{4}-0001$/);
    const verify = await aiops(project, ['evidence', 'verify', '--json']);
    expect(verify.json().ok).toBe(true);
  }, patience(60_000));
});

describe.skipIf(terminal.skip)('aiops drill with no scenario on a terminal', () => {
  it('offers the scenarios and opens the one picked', async () => {
    // Given a project with the shipped scenarios
    project = makeProject();
    const cmd = ['env -u CI NO_COLOR=1 AIOPS_DB=', `AIOPS_STATE_DIR=${project.stateDir}`, `node ${BIN} --as alice drill`, '; echo EXITED $?; sleep 60'].join(' ');
    t.start(project.dir, cmd);
    // When the picker shows, and alice picks the wrong-tenant leak by its number
    const menu = await waitFor('Which scenario do you want to drill?');
    expect(menu).toContain("Retrieval served another tenant's documents");
    // (more than nine scenarios, with the fail-the-hook variants: no number keys, so it is walked to with j)
    const items = (screen: string) => {
      const lines = screen.split('\n');
      return lines.slice(lines.findIndex((l) => l.includes('Which scenario')) + 1, lines.findIndex((l) => l.includes('Enter choose')));
    };
    const at = items(menu).findIndex((l) => l.includes("Retrieval served another tenant's documents  wrong-tenant-leak ·"));
    expect(at, menu).toBeGreaterThanOrEqual(0);
    // One key at a time, each seen to move the selection (keys typed in a burst would arrive as one chunk)
    for (let i = 1; i <= at; i++) {
      keys('j');
      await waitForScreen((screen) => items(screen)[i]?.includes('›') === true);
    }
    keys('Enter');
    // Then that drill opens in the TUI
    await waitFor('DRILL · wrong-tenant-leak');
    keys('q');
    await waitFor('Leave DRILL-');
    keys('y');
    await waitFor('EXITED 0');
  }, patience(60_000));
});
