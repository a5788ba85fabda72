import { afterEach, describe, expect, it } from 'vitest';
import { aiops as aiopsSpawned } from './helpers/cli.js';
// The start and the refused hook run are in-process; the approval that runs the hook and the deny go through the binary.
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeHookProject } from './helpers/hook-project.js';
import type { TempProject } from './helpers/project.js';

let project: TempProject;
afterEach(() => project?.cleanup());

/**
 * The lines printed above an incident (`ran: ARGV` after a hook fired, a deny's reason) passed the
 * multi-line sanitiser only, so a title's line break split `ran:` in two and its second half read as
 * a line of aiops's own, while the header and `runs:` below showed it as ␊.
 */
describe('the lines above a printed incident are one line each', () => {
  it("a hook run's ran: line and a deny's reason show a line break as ␊", async () => {
    // Given an incident whose title holds a line break, and a hook that passes the title
    project = makeHookProject();
    const title = 'db slow\nINJECTED LINE';
    const start = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', title, '--service', 'acme', '--context', 'k=v', '--json'], { as: 'alice' });
    expect(start.exitCode, start.stderr).toBe(0);
    const id = start.json().incident.id as string;
    expect((await aiops(project, ['hook', 'run', id, 'dump', '--param', 'x=1'], { as: 'alice' })).exitCode).toBe(3);
    // When the approval runs it
    const approve = await aiopsSpawned(project, ['incident', 'approve', id, 'hook:dump'], { as: 'alice' });
    expect(approve.exitCode, approve.stderr).toBe(0);
    // Then the ran: line keeps the whole argv on its line, the break shown as ␊
    const lines = approve.stdout.split('\n');
    const ran = lines.find((l) => l.startsWith('  ran: '));
    expect(ran).toContain('db slow␊INJECTED LINE');
    expect(lines.filter((l) => l.startsWith('INJECTED LINE'))).toEqual([]);
    expect(lines.some((l) => l.includes('db slow␊INJECTED LINE') && l.startsWith(id))).toBe(true);
    // And a deny's reason is one line too
    const deny = await aiopsSpawned(project, ['incident', 'deny', id, 'pause', '--reason', 'not now\nstep pause: approved by alice'], { as: 'alice' });
    expect(deny.exitCode, deny.stderr).toBe(0);
    expect(deny.stdout.split('\n')[0]).toBe('pause: denied by alice: not now␊step pause: approved by alice');
    expect(deny.stdout.split('\n').filter((l) => l.startsWith('step pause: approved'))).toEqual([]);
  });
});
