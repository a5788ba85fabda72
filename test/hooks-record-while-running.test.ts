import { execa } from 'execa';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aiops } from './helpers/cli.js';
// The start, the approval and the shows run in-process; the hook runs in a spawned aiops, and each record is the binary.
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { makeHookProject } from './helpers/hook-project.js';
import { BIN, type TempProject } from './helpers/project.js';
import { patience } from './helpers/patience.js';
import { killLeftovers, pidFrom } from './helpers/processes.js';

let project: TempProject | undefined;
const pids: number[] = [];
afterEach(() => {
  killLeftovers(pids);
  project?.cleanup();
});

describe('hook record while the run is going', () => {
  it('is refused while the aiops process running the hook is alive, and from someone with no part in the step', async () => {
    project = makeHookProject((c) => {
      c.hooks['pause-feature'] = { command: ['./fixtures/hook-tests/slow.sh', '30'], env: ['AIOPS_STATE_DIR'], approve: ['commander'] };
    });
    const p = project;
    const started = await aiopsInProcess(p, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'acme', '--json'], { as: 'alice' });
    const id = started.json().incident.id as string;
    expect((await aiopsInProcess(p, ['incident', 'approve', id, 'pause', '--no-run'], { as: 'alice' })).exitCode).toBe(0);
    // Given aiops running the pause hook
    const child = execa('node', [BIN, '--as', 'alice', 'incident', 'step', id, 'pause', '--done'], { cwd: p.dir, env: { AIOPS_STATE_DIR: p.stateDir, AIOPS_DB: '' }, reject: false });
    const pidFile = join(p.stateDir, 'slow.pid');
    pids.push(await pidFrom(pidFile));
    // When the commander records it as failed while it runs: refused, it is running now
    const rec = await aiops(p, ['hook', 'record', id, 'run-1', '--failed', '--note', 'looked'], { as: 'alice' });
    expect(rec.exitCode, rec.stderr).toBe(3);
    expect(rec.stderr).toContain('is running now (run run-1');
    // And show says it is running, not that its outcome is unknown and wants recording
    const shown = await aiopsInProcess(p, ['incident', 'show', id], { as: 'alice' });
    expect(shown.stdout).toMatch(/^ {2}… pause +action +commander +running/m);
    expect(shown.stdout).toMatch(/run-1 pause-feature: running now \(aiops pid \d+\); its outcome is logged when it ends/);
    expect(shown.stdout).not.toContain('OUTCOME UNKNOWN');
    // And someone with no role cannot record it at all
    const stranger = await aiops(p, ['hook', 'record', id, 'run-1', '--failed', '--note', 'looked'], { as: 'bob' });
    expect(stranger.exitCode).toBe(3);
    expect(stranger.stderr).toContain('(record.role)');
    // Then once that aiops is gone, the commander may record it
    child.kill('SIGKILL');
    await child;
    expect((await aiopsInProcess(p, ['incident', 'show', id], { as: 'alice' })).stdout).toContain('run-1 pause-feature: OUTCOME UNKNOWN — check and record');
    const after = await aiops(p, ['hook', 'record', id, 'run-1', '--failed', '--note', 'flag still on'], { as: 'alice' });
    expect(after.exitCode, after.stderr).toBe(0);
  }, patience(120_000));
});
