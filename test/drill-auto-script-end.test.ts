import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aiops as aiopsSpawned } from './helpers/cli.js';
// One command at a time, in-process; the drill that ends at the scenario end is played by the binary.
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';

const NOW = { AIOPS_NOW: '2026-03-14T09:00:00.000Z' };
let project: TempProject | undefined;
afterEach(() => project?.cleanup());

const HEAD = ['title: T', 'playbook: data-leakage', 'incident: {title: t, service: assistant-eu, trigger: data_leakage}'];

function scenario(p: TempProject, id: string, body: string[]): string {
  mkdirSync(join(p.dir, 'scenarios'), { recursive: true });
  const file = `scenarios/${id}.yaml`;
  writeFileSync(join(p.dir, file), [`id: ${id}`, ...HEAD, ...body, ''].join('\n'));
  return file;
}

const outcomes = (doc: any) => Object.fromEntries(doc.score.results.map((r: any) => [r.id, r.outcome]));

describe('a drill.end entry in a scenario script (drill --auto)', () => {
  it('ends the drill there, early: later injects are not delivered, later judge entries count, the drill is saved', async () => {
    // Given a script that names a commander, ends the drill at 2m, then judges and assigns after the end
    project = makeProject({ withScenarios: false });
    scenario(project, 'ends-early', [
      'injects:',
      '  - {id: first, at: 0s, kind: alert, source: m, summary: s}',
      '  - {id: later, at: 5m, kind: message, from: x, summary: after the end}',
      'expectations:',
      '  - {id: e, event: role.assigned, match: {role: commander}, within: 2m, weight: 1}',
      '  - {id: r, event: role.assigned, match: {role: reviewer}, within: 4m, weight: 1}',
      '  - {id: m, manual: true, title: judged after the end, weight: 2}',
      'script:',
      '  - {at: 10s, as: alice, do: assign, args: {role: commander, person: alice}}',
      '  - {at: 2m, as: alice, do: drill.end}',
      '  - {at: 3m, as: alice, do: judge, args: {expectation: m, met: true}}',
      '  - {at: 3m, as: alice, do: assign, args: {role: reviewer, person: bob}}',
    ]);
    // When it plays unattended
    const r = await aiops(project, ['drill', 'ends-early', '--auto', '--json'], { as: 'alice', env: NOW });
    // Then it ends at 2m as `drill end` would: r's 4m was not reached, the judgment made after the end counts
    expect(r.exitCode, r.stderr).toBe(0);
    const doc = r.json();
    expect(doc.errors).toBe(0);
    expect(outcomes(doc)).toEqual({ e: 'met', r: 'not_reached', m: 'met' });
    expect({ score: doc.score.score, earned: doc.score.earned, possible: doc.score.possible }).toEqual({ score: 100, earned: 3, possible: 3 });
    expect(doc.early).toBe(true);
    expect(doc.drillMs).toBe(120_000);
    // And the inject due after the end was not delivered
    expect(doc.injects.delivered).toEqual(['first']);
    // And the drill is in the log: listed, reported, ended early once
    const list = (await aiops(project, ['drill', 'list', '--json'])).json();
    expect(list.drills.map((d: any) => [d.id, d.score, d.early])).toEqual([[doc.id, 100, true]]);
    const report = await aiops(project, ['drill', 'report', doc.id, '--json']);
    expect(report.exitCode, report.stderr).toBe(0);
    expect(report.json().score).toBe(100);
    // And the next drill takes the next id, not this one again
    const next = await aiops(project, ['drill', 'ends-early', '--auto', '--json'], { as: 'alice', env: NOW });
    expect(next.exitCode, next.stderr).toBe(0);
    expect(next.json().id).not.toBe(doc.id);
  });

  it('as the last entry, ends the drill at the scenario end and is saved', async () => {
    project = makeProject({ withScenarios: false });
    scenario(project, 'ends-last', [
      'injects:',
      '  - {at: 0s, kind: alert, source: m, summary: s}',
      '  - {at: 1m, kind: message, from: x, summary: y}',
      'expectations:',
      '  - {id: e, event: role.assigned, match: {role: commander}, within: 2m, weight: 1}',
      'script:',
      '  - {at: 10s, as: alice, do: assign, args: {role: commander, person: alice}}',
      '  - {at: 3m, as: alice, do: drill.end}',
    ]);
    const r = await aiopsSpawned(project, ['drill', 'ends-last', '--auto'], { as: 'alice', env: NOW });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('score 100/100');
    const list = (await aiops(project, ['drill', 'list', '--json'])).json();
    expect(list.drills.map((d: any) => [d.score, d.early])).toEqual([[100, false]]);
  });
});
