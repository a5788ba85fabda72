import { afterEach, describe, expect, it } from 'vitest';
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeHookProject, readDumps } from './helpers/hook-project.js';
import type { TempProject } from './helpers/project.js';
import { patience } from './helpers/patience.js';

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

describe('an approval pins the argv it was given for', () => {
  it('lapses the approvals when the context changes what would run, says what changed, and runs nothing', async () => {
    // Given the pause hook takes a context value, and the commander approved it without running
    project = makeHookProject((c) => {
      c.hooks['pause-feature'].command = ['./fixtures/hook-tests/dump-argv.sh', '{{context.k}}'];
      c.hooks['pause-feature'].env = ['AIOPS_STATE_DIR'];
    });
    const p = project;
    const started = await aiops(p, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'acme', '--context', 'k=v1', '--json'], { as: 'alice' });
    expect(started.exitCode, started.stderr).toBe(0);
    const id = started.json().incident.id as string;
    const approved = await aiops(p, ['incident', 'approve', id, 'pause', '--no-run'], { as: 'alice' });
    expect(approved.exitCode, approved.stderr).toBe(0);
    // When the context changes after the approval
    expect((await aiops(p, ['incident', 'note', id, 'new version', '--context', 'k=v2'], { as: 'alice' })).exitCode).toBe(0);
    const fired = await aiops(p, ['incident', 'step', id, 'pause', '--done'], { as: 'alice' });
    // Then firing is refused with what changed, the approvals lapse, and nothing ran
    expect(fired.exitCode, fired.stderr).toBe(3);
    expect(fired.stderr).toContain('approvals lapsed');
    expect(fired.stderr).toContain('argv[1] "v1" → "v2"');
    expect(readDumps(p.stateDir)).toEqual([]);
    const evidence = await aiops(p, ['evidence', 'export', id]);
    const types = evidence.stdout.trim().split('\n').slice(1).map((l) => JSON.parse(l).type);
    expect(types.slice(-2)).toEqual(['approval.lapsed', 'policy.refused']);
    const again = await aiops(p, ['incident', 'step', id, 'pause', '--done'], { as: 'alice' });
    expect(again.exitCode).toBe(3);
    expect(again.stderr).toContain('needs approval from commander');
    // And approved again, it runs exactly the argv now approved
    const reapproved = await aiops(p, ['incident', 'approve', id, 'pause'], { as: 'alice' });
    expect(reapproved.exitCode, reapproved.stderr).toBe(0);
    expect(readDumps(p.stateDir).map((r) => r.slice(1))).toEqual([['v2']]);
  }, patience(120_000));

  it('refuses context values from someone with no role on the incident', async () => {
    project = makeHookProject();
    const started = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'acme', '--json'], { as: 'alice' });
    const id = started.json().incident.id as string;
    const r = await aiops(project, ['incident', 'note', id, 'fyi', '--context', 'k=evil'], { as: 'bob' });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('only responders may set them');
    // A plain note stays open to anyone
    expect((await aiops(project, ['incident', 'note', id, 'fyi'], { as: 'bob' })).exitCode).toBe(0);
  }, patience(60_000));
});
