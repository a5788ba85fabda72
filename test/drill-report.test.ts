import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';

const NOW = { AIOPS_NOW: '2026-03-14T09:00:00.000Z' };
let project: TempProject;
afterEach(() => project?.cleanup());

describe('after-action reports, judging and debriefs', () => {
  it('judges a manual expectation after the end, rescoring, and reports it with debrief notes and the trend', async () => {
    project = makeProject();
    // Given two unattended runs of the same scenario, run by erin (so she facilitates them)
    const first = (await aiops(project, ['drill', 'wrong-tenant-leak', '--auto', '--json'], { as: 'erin', env: NOW })).json().id as string;
    const id = (await aiops(project, ['drill', 'wrong-tenant-leak', '--auto', '--json'], { as: 'erin', env: NOW })).json().id as string;
    // When the facilitator judges the manual expectation missed and adds a debrief note
    const judged = await aiops(project, ['drill', 'judge', id, 'update-clear', '--missed', '--note', 'named the other tenant', '--json'], { as: 'erin', env: NOW });
    expect(judged.exitCode, judged.stderr).toBe(0);
    expect(judged.json().rescored.score).toBe(93);
    expect((await aiops(project, ['drill', 'debrief', id, 'Pause came fast; the update needs a second reader'], { as: 'alice', env: NOW })).exitCode).toBe(0);
    // Then the JSON report carries the new score, the reasons, the measures and the trend across both runs
    const rep = await aiops(project, ['drill', 'report', id, '--format', 'json']);
    expect(rep.exitCode, rep.stderr).toBe(0);
    const r = rep.json();
    expect(r.score).toBe(93);
    expect(r.expectations.find((e: any) => e.id === 'update-clear')).toMatchObject({ outcome: 'missed', judgedBy: 'erin', note: 'named the other tenant' });
    // Naming the commander is the team's first act now that the starter only facilitates
    expect(r.measures.firstRoleAssignment).toEqual({ role: 'commander', person: 'alice', atMs: 20_000 });
    expect(r.measures.mitigatedMs).toBe(150_000);
    expect(r.measures.approvals).toEqual([
      { step: 'pause', hook: 'pause-feature', roles: ['commander'], requestedMs: 90_000, grantedMs: 120_000, waitedMs: 30_000, approvers: [{ role: 'commander', person: 'alice', atMs: 120_000, override: false }], denied: null },
    ]);
    expect(r.measures.hooks).toHaveLength(1);
    expect(r.measures.hooks[0]).toMatchObject({ hook: 'pause-feature', simulated: true, atMs: 120_000 });
    expect(r.debrief).toEqual([{ by: 'alice', ts: expect.any(String), text: 'Pause came fast; the update needs a second reader' }]);
    // Both runs were --auto: script checks, kept apart from the drills people played
    expect(r.trend.runs).toEqual([]);
    expect(r.trend.scriptChecks.runs.map((x: any) => [x.id, x.score])).toEqual([[first, 100], [id, 93]]);
    expect(r.trend.scriptChecks.change).toBe(-7);
    expect(r.trend.scriptChecks.expectations.find((x: any) => x.id === 'update-clear')).toEqual({ id: 'update-clear', outcomes: ['not_judged', 'missed'], missed: 1 });
    const injectsInTimeline = r.timeline.filter((e: any) => e.inject).map((e: any) => e.atMs);
    expect(injectsInTimeline).toEqual([0, 240_000, 360_000, 480_000, 900_000, 1_080_000]);
    expect(r.injectsHeldBack.map((h: any) => h.key)).toEqual(['public-post']);
    // And the Markdown and HTML say the same things
    const md = (await aiops(project, ['drill', 'report', id])).stdout;
    expect(md).toContain(`# Drill ${id}: Retrieval served another tenant's documents`);
    expect(md).toContain('**Score: 93/100**');
    expect(md).toContain('| pause | pause-feature | commander | T+1m30s | T+2m00s | 30s | alice as commander |');
    expect(md).toContain('- alice: Pause came fast; the update needs a second reader');
    expect(md).toMatch(/\| T\+4m00s \| \*\*inject\*\* \| Inject support-screenshot/);
    expect(md).toContain('Missed across runs: update-clear 1/2');
    const html = await aiops(project, ['drill', 'report', id, '--format', 'html', '-o', 'report.html']);
    expect(html.exitCode, html.stderr).toBe(0);
    const page = readFileSync(join(project.dir, 'report.html'), 'utf8');
    expect(page).toContain('<span class="score" id="score">93/100</span>');
    expect(page).not.toMatch(/<script|https?:\/\//);
    // And drill list shows the rescored run
    const list = (await aiops(project, ['drill', 'list', '--json'])).json();
    expect(list.drills.map((d: any) => d.score)).toEqual([100, 93]);
  });

  it('refuses to judge an automatic expectation or a drill that is not one, and ends a drill early', async () => {
    project = makeProject();
    // Given a drill started without a TTY (it prints and waits for people)
    const start = await aiops(project, ['drill', 'wrong-tenant-leak', '--json'], { as: 'alice', env: NOW });
    expect(start.exitCode, start.stderr).toBe(0);
    const s = start.json();
    const id = s.id as string;
    expect(s.incident.injects.map((i: any) => i.inject)).toEqual(['pii-alert']);
    expect(s.next).toMatchObject({ key: 'support-screenshot', atMs: 240_000 });
    // When someone judges an expectation the log decides
    const bad = await aiops(project, ['drill', 'judge', id, 'paused', '--met'], { as: 'alice', env: NOW });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('paused is scored from the log (hook.finished); only manual expectations are judged');
    // And the facilitator ends it right away
    const end = await aiops(project, ['drill', 'end', id, '--json'], { as: 'alice', env: NOW });
    expect(end.exitCode, end.stderr).toBe(0);
    // Nothing was due yet: every expectation is not reached (the starter is the facilitator, not a free commander)
    expect(end.json()).toMatchObject({ early: true, score: 0, playedMs: 0 });
    expect(end.json().results.filter((x: any) => x.outcome !== 'not_judged').every((x: any) => x.outcome === 'not_reached')).toBe(true);
    const again = await aiops(project, ['drill', 'end', id], { as: 'alice', env: NOW });
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain(`drill ${id} already ended`);
  });
  it('reports an early-ended drill with the score and verdicts its end decided, also after a late judgment', async () => {
    project = makeProject();
    const at = (s: string) => ({ AIOPS_NOW: `2026-03-14T09:00:${s}.000Z` });
    // Given a drill at ×10 where the team names a commander and pauses the feature, then the facilitator ends it early
    const id = (await aiops(project, ['drill', 'wrong-tenant-leak', '--speed', '10', '--json'], { as: 'alice', env: at('00') })).json().id as string;
    expect((await aiops(project, ['incident', 'assign', id, 'commander', 'alice'], { as: 'alice', env: at('02') })).exitCode).toBe(0);
    expect((await aiops(project, ['incident', 'step', id, 'assign-roles', '--done'], { as: 'alice', env: at('02') })).exitCode).toBe(0);
    expect((await aiops(project, ['incident', 'approve', id, 'pause'], { as: 'alice', env: at('03') })).exitCode).toBe(0);
    const end = await aiops(project, ['drill', 'end', id, '--json'], { as: 'alice', env: at('04') });
    expect(end.exitCode, end.stderr).toBe(0);
    const ended = end.json();
    expect(ended).toMatchObject({ early: true, score: 100 });
    const verdicts = (rows: any[]) => Object.fromEntries(rows.map((x: any) => [x.id, x.outcome]));
    expect(verdicts(ended.results)).toMatchObject({ mitigated: 'not_reached', 'leak-confirmed': 'not_reached', 'customers-told': 'not_reached' });
    // Then the report shows that score and the same verdict for every expectation: not reached stays not reached
    const report = async () => (await aiops(project, ['drill', 'report', id, '--format', 'json'], { env: at('30') })).json();
    let r = await report();
    expect(r.score).toBe(100);
    expect(verdicts(r.expectations)).toEqual(verdicts(ended.results));
    expect(r.missed).toEqual([]);
    const md = (await aiops(project, ['drill', 'report', id], { env: at('30') })).stdout;
    expect(md).toContain('**Score: 100/100** (ended early)');
    expect(md).toMatch(/\| mitigated \|.*\| not reached \|/);
    // And drill status agrees
    expect((await aiops(project, ['drill', 'status', id, '--json'], { env: at('30') })).json().live.score).toBe(100);
    // When the facilitator judges the manual expectation missed after the end, the rescore and the report still agree
    const judged = await aiops(project, ['drill', 'judge', id, 'update-clear', '--missed'], { as: 'alice', env: at('40') });
    expect(judged.exitCode, judged.stderr).toBe(0);
    r = await report();
    expect(r.score).toBe(83);
    expect(verdicts(r.expectations)).toMatchObject({ mitigated: 'not_reached', 'update-clear': 'missed' });
    expect((await aiops(project, ['drill', 'list', '--json'])).json().drills.map((d: any) => d.score)).toEqual([83]);
  });
});
