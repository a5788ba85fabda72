import { afterEach, describe, expect, it } from 'vitest';
import { aiops as aiopsSpawned } from './helpers/cli.js';
// One command at a time, in-process; the report --since refusal still runs the binary.
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';
import { patience } from './helpers/patience.js';

let project: TempProject;
afterEach(() => project?.cleanup());

describe('options that took what they should refuse, or said too little', () => {
  it('--speed is a decimal number: 0x10, 0b10 and 0o10 are refused like any other non-number, before a drill opens', async () => {
    project = makeProject();
    for (const speed of ['0x10', '0b10', '0o10', '0X10']) {
      const r = await aiops(project, ['drill', 'wrong-tenant-leak', '--speed', speed], { as: 'alice' });
      expect(r.exitCode, `${speed}: ${r.stdout}`).toBe(2);
      expect(r.stderr).toContain(`--speed wants a positive number (e.g. 10), got "${speed}"`);
    }
    expect((await aiops(project, ['drill', 'list', '--json'])).json().drills).toEqual([]);
  }, patience(60_000));

  it('report --since is capped as every duration is (3650d): further back than that is refused, not printed as a year before 1', async () => {
    project = makeProject();
    const far = await aiopsSpawned(project, ['report', '--since', '99999999d']);
    expect(far.exitCode, far.stdout).toBe(2);
    expect(far.stderr).toContain('--since 99999999d is longer than a report window may be: at most 3650d (ten years)');
    expect(far.stderr).toContain('--since all');
    expect(far.stdout).not.toContain('opened since -');
    expect((await aiops(project, ['report', '--since', '3651d'])).exitCode).toBe(2);
    const most = await aiops(project, ['report', '--since', '3650d', '--json']);
    expect(most.exitCode, most.stderr).toBe(0);
    expect(most.json().window.since).toBe('3650d');
  }, patience(60_000));

  it('drill list --scenario with no drill of it says so, names the scenarios that have drills, and suggests a close name', async () => {
    project = makeProject();
    const none = await aiops(project, ['drill', 'list', '--scenario', 'nosuch']);
    expect(none.exitCode).toBe(0);
    expect(none.stdout).toContain('no drill of scenario nosuch; no drills yet');
    expect((await aiops(project, ['drill', 'wrong-tenant-leak', '--auto'], { as: 'alice' })).exitCode).toBe(0);
    const other = await aiops(project, ['drill', 'list', '--scenario', 'nosuch']);
    expect(other.exitCode).toBe(0);
    expect(other.stdout).toContain('no drill of scenario nosuch; drills were played of: wrong-tenant-leak');
    expect(other.stdout).not.toContain('no drills yet');
    const typo = await aiops(project, ['drill', 'list', '--scenario', 'wrong-tenant-lek']);
    expect(typo.stdout).toContain('no drill of scenario wrong-tenant-lek (did you mean "wrong-tenant-leak"?)');
    // --json stays a list, empty
    expect((await aiops(project, ['drill', 'list', '--scenario', 'nosuch', '--json'])).json().drills).toEqual([]);
  }, patience(60_000));
});
