import { afterEach, describe, expect, it } from 'vitest';
import { aiops } from './helpers/cli.js';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';
import { patience } from './helpers/patience.js';

const T0 = Date.parse('2026-03-14T09:00:00.000Z');
const MIN = 60_000;
const at = (offset: number) => ({ AIOPS_NOW: new Date(T0 + offset).toISOString() });

let project: TempProject;
afterEach(() => project?.cleanup());

describe('a drill that ended is ended everywhere it is shown', () => {
  it('Given a drill people played to its end, Then drill list, inbox, incident show and report say it ended, and none counts it as open', async () => {
    project = makeProject();
    const ok = async (args: string[], offset: number) => {
      // In-process, one command at a time; the --auto run below goes through the binary itself.
      const r = await aiopsInProcess(project, args, { as: 'alice', env: at(offset) });
      expect(r.exitCode, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r;
    };
    // Given alice starts a drill of the 54-minute scenario, takes command, and nobody fixes anything
    const id = (await ok(['drill', 'wrong-tenant-leak', '--json'], 0)).json().id as string;
    await ok(['incident', 'assign', id, 'commander', 'alice'], 10_000);
    // When the drill has run out (the next command logs its end)
    const status = (await ok(['drill', 'status', id, '--json'], 2 * 60 * MIN)).json();
    expect(status.ended).not.toBeNull();
    const later = 2 * 60 * MIN + MIN;

    // Then drill list says ended, keeping the end and the score, in text and JSON
    const row = (await ok(['drill', 'list', '--json'], later)).json().drills.find((d: { id: string }) => d.id === id);
    expect(row).toMatchObject({ id, status: 'ended', incidentStatus: 'open', endedAt: status.ended.ts, score: status.ended.score, early: false });
    const text = (await ok(['drill', 'list'], later)).stdout.split('\n').find((l) => l.startsWith(id))!;
    expect(text).toMatch(/ ended +\d+\/100 /);

    // And nothing of it waits in alice's inbox (its steps were overdue when it ended)
    const inbox = (await ok(['inbox', '--json'], later)).json();
    expect(inbox.items.filter((i: { incident: string }) => i.incident === id)).toEqual([]);

    // And incident show says the drill ended, when, and its score
    const shown = (await ok(['incident', 'show', id], later)).stdout;
    // (54 minutes after it opened, as the display shows an instant: to the second, marked UTC)
    const endedAt = `${(status.ended.ts as string).replace('T', ' ').slice(0, 19)} UTC`;
    expect(Date.parse(status.ended.ts) - Date.parse(status.incident.injects[0].ts)).toBe(54 * MIN);
    expect(shown.split('\n')[0]).toContain('DRILL ENDED');
    expect(shown).toContain(`drill ended ${endedAt} · score ${status.ended.score}/100`);
    const view = (await ok(['incident', 'show', id, '--json'], later)).json().incident;
    expect(view.drill.ended).toEqual({ at: status.ended.ts, score: status.ended.score });

    // And the report counts no drill as open with no fix live
    const report = (await ok(['report', '--json'], later)).json();
    expect(report.drillFigures.count).toBe(1);
    expect(report.drillFigures.correctionPending).toBe(0);
    expect((await ok(['report'], later)).stdout).not.toContain('open with no fix live yet');
  }, patience(90_000));

  it('Given an --auto run (its script closes the drill), Then drill list says ended too', async () => {
    project = makeProject();
    const auto = await aiops(project, ['drill', 'wrong-tenant-leak', '--auto', '--json'], { as: 'alice', env: at(0) });
    expect(auto.exitCode, auto.stderr).toBe(0);
    const [row] = (await aiops(project, ['drill', 'list', '--json'], { env: at(MIN) })).json().drills;
    expect(row).toMatchObject({ status: 'ended', incidentStatus: 'closed', score: 100 });
  }, patience(60_000));
});
