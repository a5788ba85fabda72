import { afterEach, describe, expect, it } from 'vitest';
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';

const T0 = Date.parse('2026-03-14T09:00:00.000Z');
const MIN = 60_000;
const at = (offset: number) => ({ AIOPS_NOW: new Date(T0 + offset).toISOString() });

let project: TempProject;
afterEach(() => project?.cleanup());

describe('rehearsal means people: --auto runs are script checks, kept apart', () => {
  it('keeps --auto runs out of the drill trend, the report figures and playbook list, and lists drills by when they were played', async () => {
    project = makeProject();
    const ok = async (args: string[], as: string, offset: number) => {
      const r = await aiops(project, args, { as, env: at(offset) });
      expect(r.exitCode, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r;
    };
    // Given a script check, then a drill people played (erin facilitates, alice takes command), ended early
    const check1 = (await ok(['drill', 'wrong-tenant-leak', '--auto', '--json'], 'erin', 0)).json().id as string;
    const people = (await ok(['drill', 'wrong-tenant-leak', '--json'], 'erin', 60 * MIN)).json().id as string;
    await ok(['incident', 'assign', people, 'commander', 'alice'], 'alice', 61 * MIN);
    const ended = (await ok(['drill', 'end', people, '--json'], 'erin', 62 * MIN)).json();
    // And a second script check, logged after the people's drill but played over the time before it
    const check2 = (await ok(['drill', 'wrong-tenant-leak', '--auto', '--json'], 'erin', 65 * MIN)).json().id as string;

    // Then the drill report's trend has the people's drill alone, and the script checks apart
    const r = (await ok(['drill', 'report', people, '--format', 'json'], 'erin', 70 * MIN)).json();
    expect(r.trend.runs.map((x: any) => [x.id, x.score, x.auto])).toEqual([[people, ended.score, false]]);
    expect(r.trend.scriptChecks.runs.map((x: any) => [x.id, x.score, x.auto])).toEqual([
      [check1, 100, true],
      [check2, 100, true],
    ]);
    const md = (await ok(['drill', 'report', people], 'erin', 70 * MIN)).stdout;
    const [peoplePart, checksPart] = md.split('### Script checks (--auto runs: they check the script, they are not rehearsals)');
    expect(peoplePart).toContain('## Trend: every drill people played of wrong-tenant-leak');
    expect(peoplePart).toContain(`| **${people}** (this one) |`);
    expect(peoplePart).not.toContain(check1);
    expect(checksPart).toContain(`| ${check1} |`);
    expect(checksPart).toContain(`| ${check2} |`);

    // And aiops report counts only the people's drill in the drill figures; the checks are a section of their own
    const doc = (await ok(['report', '--json'], 'erin', 70 * MIN)).json();
    expect(doc.drillFigures.count).toBe(1);
    expect(doc.drillFigures.scenarios).toEqual([{ scenario: 'wrong-tenant-leak', runs: [{ id: people, at: expect.any(String), score: ended.score }], latest: ended.score, median: ended.score }]);
    expect(doc.scriptChecks.count).toBe(2);
    expect(doc.scriptChecks.scenarios[0].runs.map((x: any) => x.id)).toEqual([check1, check2]);
    expect(doc.definitions.scriptChecks).toContain('not rehearsals');
    const text = (await ok(['report'], 'erin', 70 * MIN)).stdout;
    expect(text).toContain('DRILLS (1 played by people; never mixed into the incident figures)');
    expect(text).toMatch(/SCRIPT CHECKS \(2 --auto runs; they check the scripts, they are not rehearsals\)\n {2}scores by scenario \(oldest → newest\)\n {2}wrong-tenant-leak\s+\S+\s+2 runs, latest 100/);
    const none = (await ok(['report', '--no-drills', '--json'], 'erin', 70 * MIN)).json();
    expect(none.scriptChecks).toBeNull();

    // And playbook list counts the people's drill as the rehearsal, the latest --auto run as the script check
    const leak = (await ok(['playbook', 'list', '--json'], 'erin', 70 * MIN)).json().playbooks.find((p: any) => p.id === 'data-leakage' && p.latest);
    expect(leak.lastDrill).toMatchObject({ incidentId: people, auto: false });
    expect(leak.lastScriptCheck).toMatchObject({ incidentId: check2, auto: true });
    expect(leak.flags).not.toContain('never drilled');

    // And drill list is in the order the drills were played (check2 was run after the people's drill
    // began), not by the drill clock's start, which an --auto run dates back over its scenario
    const list = (await ok(['drill', 'list', '--json'], 'erin', 70 * MIN)).json().drills;
    expect(list.map((d: any) => d.id)).toEqual([check1, people, check2]);
    expect(list.map((d: any) => d.auto)).toEqual([true, false, true]);
  });

  it('lists --auto runs of scenarios of different lengths in the order they were run, text and --json alike', async () => {
    project = makeProject();
    const run = async (args: string[], offset: number) => {
      const r = await aiops(project, args, { as: 'alice', env: at(offset) });
      expect(r.exitCode, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r;
    };
    // Given a short scenario checked first, then a longer one a minute later (dated back further)
    const first = (await run(['drill', 'agent-refund-loop', '--auto', '--json'], 0)).json().id as string;
    const second = (await run(['drill', 'wrong-tenant-leak', '--auto', '--json'], MIN)).json().id as string;
    const json = (await run(['drill', 'list', '--json'], 2 * MIN)).json().drills;
    expect(Date.parse(json[1].startedAt)).toBeLessThan(Date.parse(json[0].startedAt));
    // Then both listings put the first run first
    expect(json.map((d: any) => d.id)).toEqual([first, second]);
    const text = (await run(['drill', 'list'], 2 * MIN)).stdout.split('\n');
    expect(text.map((l) => l.split(' ')[0])).toEqual([first, second]);
  });
});
