import { afterEach, describe, expect, it } from 'vitest';
import { aiops as aiopsSpawned } from './helpers/cli.js';
// One command at a time, in-process; the reference refusal of a note goes through the binary itself.
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';
import { patience } from './helpers/patience.js';

let project: TempProject;
afterEach(() => project?.cleanup());

const NOT_IN_ROSTER = 'refused (identity.roster): mallory is not in the roster';

describe('a drill checks who acts as every other command does', () => {
  it('Given mallory is not in the roster, Then debrief, judge, pause, resume and end are refused as a note on a real incident is (exit 3, identity.roster), and nothing is logged', async () => {
    project = makeProject();
    const id = (await aiops(project, ['drill', 'wrong-tenant-leak', '--json'], { as: 'alice' })).json().id as string;
    const real = (await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--json'], { as: 'alice' })).json().incident.id as string;
    const events = async () => (await aiops(project, ['evidence', 'export', id])).stdout.trim().split('\n').length;
    const before = await events();

    // The reference: the refusal every command that acts on a real incident gives
    const note = await aiopsSpawned(project, ['incident', 'note', real, 'hello'], { as: 'mallory' });
    expect(note.exitCode).toBe(3);
    expect(note.stderr).toContain(NOT_IN_ROSTER);

    for (const args of [
      ['drill', 'debrief', id, 'ok'],
      ['drill', 'judge', id, 'update-clear', '--met'],
      ['drill', 'pause', id],
      ['drill', 'end', id],
    ]) {
      const r = await aiops(project, args, { as: 'mallory' });
      expect(r.exitCode, `${args.join(' ')}: ${r.stderr}`).toBe(3);
      expect(r.stderr, args.join(' ')).toContain(NOT_IN_ROSTER);
      expect(r.stderr).not.toContain('is a participant');
    }
    // (resume, once the facilitator paused it)
    expect((await aiops(project, ['drill', 'pause', id], { as: 'alice' })).exitCode).toBe(0);
    const resume = await aiops(project, ['drill', 'resume', id, '--json'], { as: 'mallory' });
    expect(resume.exitCode).toBe(3);
    expect(resume.json().error).toMatchObject({ kind: 'refused', rule: 'identity.roster' });
    expect(await events()).toBe(before + 1);

    // A player outside the roster still plays (drills opt out for participants)
    expect((await aiops(project, ['incident', 'note', id, 'guest here'], { as: 'mallory' })).exitCode).toBe(0);
  }, patience(90_000));

  it('Given a facilitator outside the roster, named or starting the drill, Then the drill is refused before it opens', async () => {
    project = makeProject();
    const named = await aiops(project, ['drill', 'wrong-tenant-leak', '--facilitator', 'mallory'], { as: 'alice' });
    expect(named.exitCode).toBe(3);
    expect(named.stderr).toContain(NOT_IN_ROSTER);
    expect(named.stderr).toContain('--facilitator');
    const starter = await aiops(project, ['drill', 'wrong-tenant-leak'], { as: 'mallory' });
    expect(starter.exitCode).toBe(3);
    expect(starter.stderr).toContain(NOT_IN_ROSTER);
    expect((await aiops(project, ['drill', 'list', '--json'])).json().drills).toEqual([]);
    // A roster person named facilitator (in any case) is seated as the roster spells them
    const ok = await aiops(project, ['drill', 'wrong-tenant-leak', '--facilitator', 'Carol', '--json'], { as: 'alice' });
    expect(ok.exitCode, ok.stderr).toBe(0);
    const shown = (await aiops(project, ['incident', 'show', ok.json().id, '--json'])).json().incident;
    expect(shown.drill.facilitator).toBe('carol');
  }, patience(60_000));

  it('Given --auto run by someone outside the roster, Then it runs with a warning that nobody can judge it; --facilitator names who judges, a roster person', async () => {
    project = makeProject();
    // Given mallory, not in the roster, runs the script check (as the README's quick start does for any OS user)
    const runner = await aiops(project, ['drill', 'wrong-tenant-leak', '--auto'], { as: 'mallory' });
    expect(runner.exitCode, runner.stderr).toBe(0);
    // Then the run is played and scored, and she is told the manual expectation cannot be judged, and how to fix it
    expect(runner.stderr).toContain('warning: nobody can judge update-clear on this run: only its facilitator may, and mallory is not in the roster');
    expect(runner.stderr).toContain('--facilitator NAME');
    // When a facilitator outside the roster is named, Then nothing opens (exit 3)
    const named = await aiops(project, ['drill', 'wrong-tenant-leak', '--auto', '--facilitator', 'mallory'], { as: 'alice' });
    expect(named.exitCode).toBe(3);
    expect(named.stderr).toContain(NOT_IN_ROSTER);
    expect((await aiops(project, ['drill', 'list', '--json'])).json().drills).toHaveLength(1);
    // When alice runs it naming Carol, Then carol (as the roster spells her) is the facilitator who judges, and no warning is given
    const ok = await aiops(project, ['drill', 'wrong-tenant-leak', '--auto', '--facilitator', 'Carol', '--json'], { as: 'alice' });
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(ok.json().warnings).toEqual([]);
    const id = ok.json().id as string;
    const byAlice = await aiops(project, ['drill', 'judge', id, 'update-clear', '--met'], { as: 'alice' });
    expect(byAlice.exitCode).toBe(3);
    expect(byAlice.stderr).toContain('only the facilitator (carol)');
    const byCarol = await aiops(project, ['drill', 'judge', id, 'update-clear', '--met'], { as: 'carol' });
    expect(byCarol.exitCode, byCarol.stderr).toBe(0);
  }, patience(60_000));
});
