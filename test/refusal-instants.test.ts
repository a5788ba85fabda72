import { afterEach, describe, expect, it } from 'vitest';
import { pauseDrill } from '../src/app/drill-pause.js';
import { loadProject } from '../src/app/project.js';
import { openSession } from '../src/app/session.js';
import { aiops as aiopsSpawned } from './helpers/cli.js';
// One command at a time, in-process; the refusal of a second pause goes through the binary itself.
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';
import { patience } from './helpers/patience.js';

let project: TempProject;
afterEach(() => project?.cleanup());

const ISO = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/;
/** An instant as refusals show it: to the second, marked UTC. */
const shown = (iso: string) => `${iso.replace('T', ' ').slice(0, 19)} UTC`;

describe('a refusal shows instants as people read them, never the log\'s ISO form', () => {
  it('Given a paused drill at ×10, When it is paused again, Then the refusal says since when in drill time, as the pause itself reported it', async () => {
    project = makeProject();
    const T0 = Date.parse('2026-03-14T09:00:00.000Z');
    const at = (s: number) => ({ AIOPS_NOW: new Date(T0 + s * 1000).toISOString() });
    const id = (await aiops(project, ['drill', 'wrong-tenant-leak', '--speed', '10', '--json'], { as: 'alice', env: at(0) })).json().id as string;
    const paused = await aiops(project, ['drill', 'pause', id, '--json'], { as: 'alice', env: at(60) });
    expect(paused.exitCode, paused.stderr).toBe(0);
    const { real, drillTime } = paused.json();
    // (the drill clock ran ten times faster: its time is not the real instant the pause was made)
    expect(Date.parse(drillTime)).toBeGreaterThan(Date.parse(real));
    const again = await aiopsSpawned(project, ['drill', 'pause', id], { as: 'alice', env: at(90) });
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain(`is already paused (since ${shown(drillTime)})`);
    expect(again.stderr).not.toMatch(ISO);
  }, patience(60_000));

  it('Given a clock that moves while the pause is written, Then the pause is stamped at the drill time of the instant it records', async () => {
    // (on a loaded machine the command took long enough that, at ×10, its stamp read a second past
    // where the pause said the clock stopped, and the refusal's "since" no longer matched it)
    project = makeProject();
    const T0 = Date.parse('2026-03-14T09:00:00.000Z');
    const started = await aiops(project, ['drill', 'wrong-tenant-leak', '--speed', '10', '--json'], { as: 'alice', env: { AIOPS_NOW: new Date(T0).toISOString() } });
    const id = started.json().id as string;
    // Each read of the real clock is 250 ms later than the one before
    let reads = 0;
    const ticking = { now: () => new Date(T0 + 60_000 + 250 * reads++) };
    const session = await openSession({ cwd: project.dir, env: {}, as: 'alice', clock: ticking, project: loadProject({ cwd: project.dir, env: {} }) });
    try {
      const paused = await pauseDrill(session, id);
      // The real time since the drill opened, ten times over, to the millisecond of the instant recorded
      const opened = Date.parse((await aiops(project, ['drill', 'list', '--json'])).json().drills[0].startedAt);
      expect(Date.parse(paused.drillTime) - opened).toBe((Date.parse(paused.real) - opened) * 10);
      await expect(pauseDrill(session, id)).rejects.toThrow(`is already paused (since ${shown(paused.drillTime)})`);
    } finally {
      await session.close();
    }
  }, patience(60_000));

  it('Given a pause that was undone, When it is undone again, Then the refusal says when in the same form', async () => {
    project = makeProject();
    const id = (await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--service', 'acme', '--json'], { as: 'alice' })).json().incident.id as string;
    expect((await aiops(project, ['incident', 'approve', id, 'pause'], { as: 'alice' })).exitCode).toBe(0);
    const undo = await aiops(project, ['hook', 'undo', id, 'pause', '--json'], { as: 'alice' });
    expect(undo.exitCode, undo.stderr).toBe(0);
    const log = (await aiops(project, ['evidence', 'export', id])).stdout.trim().split('\n').map((l) => JSON.parse(l));
    const undone = log.find((e) => e.type === 'hook.finished' && e.payload.undoOf === 'run-1');
    const twice = await aiops(project, ['hook', 'undo', id, 'pause'], { as: 'alice' });
    expect(twice.exitCode).toBe(2);
    expect(twice.stderr).toContain(`run-1 (pause-feature) was already undone by run-2 (resume-feature) at ${shown(undone.ts)}`);
    expect(twice.stderr).not.toMatch(ISO);
  }, patience(60_000));
});
