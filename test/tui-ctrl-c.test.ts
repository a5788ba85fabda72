import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aiops } from './helpers/cli.js';
import { makeHookProject } from './helpers/hook-project.js';
import { BIN, type TempProject } from './helpers/project.js';
import { needProgram } from './helpers/system-programs.js';
import { tmuxSession } from './helpers/tmux.js';
import { patience } from './helpers/patience.js';
import { gone, pidFrom } from './helpers/processes.js';

// Skips (said once for the run) without tmux; under CI=true a missing tmux fails here instead.
const terminal = needProgram('tmux');
const t = tmuxSession('tui-ctrl-c');

let project: TempProject | undefined;
afterEach(() => {
  t.kill();
  project?.cleanup();
});


describe.skipIf(terminal.skip)('Ctrl-C in the TUI', () => {
  it('while a hook runs: the first warns, the second ends its tree, records the interruption and exits 130', async () => {
    // Given the pause step's hook sleeps for a minute
    project = makeHookProject((c) => {
      c.hooks['pause-feature'].command = ['./fixtures/hook-tests/slow.sh', '60'];
      c.hooks['pause-feature'].env = ['AIOPS_STATE_DIR'];
    });
    const p = project;
    const cmd = `env -u CI NO_COLOR=1 AIOPS_DB= TZ=UTC AIOPS_STATE_DIR=${p.stateDir} node ${BIN} --as alice incident start --trigger data_leakage --title Leak --service acme; echo EXITED $?; sleep 60`;
    t.start(p.dir, cmd, { x: 120, y: 35 });
    await t.waitFor('› NOW   assign-roles');
    t.keys('Down');
    await t.waitFor('› todo  pause');
    t.keys('Enter');
    await t.waitFor('y approve');
    t.keys('y');
    const pidFile = join(p.stateDir, 'slow.pid');
    const pid = await pidFrom(pidFile);
    // When alice presses Ctrl-C once
    t.keys('C-c');
    // Then she is told how to stop it, and it keeps running
    await t.waitFor('hook running — Ctrl-C again to stop it');
    expect(gone(pid)).toBe(false);
    // When she presses it again
    t.keys('C-c');
    // Then the hook's tree is ended, the terminal is given back and aiops exits 130
    const screen = await t.waitFor('EXITED', 20_000);
    expect(screen).toContain('EXITED 130');
    expect(screen).toContain('left INC-');
    expect(gone(pid)).toBe(true);
    // And the run is recorded as failed by the interruption, not left without an outcome
    const shown = await aiops(p, ['incident', 'show', 'INC-2026-0001', '--json']);
    const run = shown.json().incident.steps.find((s: { id: string }) => s.id === 'pause').runs[0];
    expect(run.outcome).toBe('failed');
    const ev = await aiops(p, ['evidence', 'export', 'INC-2026-0001']);
    expect(ev.stdout).toContain('interrupted: aiops got SIGINT');
  }, patience(90_000));

  it('with nothing running, leaves at once as q does', async () => {
    project = makeHookProject();
    const p = project;
    t.start(p.dir, `env -u CI NO_COLOR=1 AIOPS_DB= AIOPS_STATE_DIR=${p.stateDir} node ${BIN} --as alice incident start --trigger data_leakage --title Leak; echo EXITED $?; sleep 60`, { x: 120, y: 35 });
    await t.waitFor('› NOW   assign-roles');
    t.keys('C-c');
    const screen = await t.waitFor('EXITED');
    // (named as it was run here: node and the path of bin/aiops.js)
    expect(screen).toContain('left INC-2026-0001 (open); resume with: node ');
    expect(screen.replace(/\s+/g, ' ')).toContain(`${BIN} incident resume INC-2026-0001`);
    expect(screen).toContain('EXITED 0');
  }, patience(60_000));
});
