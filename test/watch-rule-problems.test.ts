import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aiops } from './helpers/cli.js';
import type { TempProject } from './helpers/project.js';
import { watchProject } from './helpers/watch-project.js';

const projects: TempProject[] = [];
afterAll(() => projects.forEach((p) => p.cleanup()));

const line = (sec: number, service: string, id: string, review: string) =>
  `${JSON.stringify({ ts: new Date(Date.parse('2026-03-02T09:00:00Z') + sec * 1000).toISOString(), service, request_id: id, review })}\n`;

/** Where `text` starts in aiops.yaml (on the line holding `on`), as FILE:LINE:COL counts it (1-based). */
function at(p: TempProject, text: string, on = text): string {
  const lines = readFileSync(join(p.dir, 'aiops.yaml'), 'utf8').split('\n');
  const row = lines.findIndex((l) => l.includes(on));
  return `aiops.yaml:${row + 1}:${lines[row]!.indexOf(text) + 1}`;
}

describe('aiops watch: a drift rule that cannot open its incident', () => {
  it('is refused by validate at its trigger, and at run time is reported while the other rules and records go on (exit 1)', async () => {
    // Given a second rule whose trigger no playbook answers (a typo)
    const p = watchProject(projects);
    appendFileSync(join(p.dir, 'aiops.yaml'), '  - {id: typo, service: svc-y, metric: rejection_rate, window: 10m, above: 0.5, min_count: 3, trigger: hallucinated_comitment}\n');
    // When aiops.yaml is validated, then the trigger is named at its place with a did-you-mean
    const v = await aiops(p, ['playbook', 'validate', '--format', 'config', 'aiops.yaml']);
    expect(v.exitCode).toBe(2);
    expect(v.stderr).toContain(`${at(p, 'hallucinated_comitment')}: watch rule typo: no playbook answers trigger "hallucinated_comitment" (did you mean "hallucinated_commitment"?)`);
    // When telemetry makes the broken rule fire first, then the good one
    const input = [
      ...[0, 1, 2].map((i) => line(i, 'svc-y', `y${i}`, 'rejected')),
      ...[10, 11, 12].map((i) => line(i, 'shop-assistant', `s${i}`, 'rejected')),
      line(20, 'shop-assistant', 'last', 'approved'),
    ].join('');
    const r = await aiops(p, ['watch', '-'], { as: 'alice', input });
    // Then the good rule still opened its incident, every record was read, and the exit says a firing failed
    expect(r.stdout).toBe('rejections-up fired on shop-assistant: rejection_rate 1 above 0.5 over 10m (3 of 3) - opened INC-2026-0001\nread 7 records, 0 bad line(s); 1 rule firing(s), 1 opened no incident');
    expect(r.stderr).toContain('typo fired on svc-y: rejection_rate 1 above 0.5 over 10m (3 of 3) - no incident: no playbook answers trigger "hallucinated_comitment"');
    expect(r.stderr).not.toContain('--playbook');
    expect(r.exitCode).toBe(1);
    // And --json lists it under failed, beside the firing that opened its incident
    const j = await aiops(p, ['watch', '-', '--json'], { as: 'alice', input });
    expect(j.exitCode).toBe(1);
    expect(j.json().failed).toEqual([expect.objectContaining({ rule: 'typo', service: 'svc-y', error: 'no playbook answers trigger "hallucinated_comitment"' })]);
    expect(j.json().firings).toEqual([expect.objectContaining({ rule: 'rejections-up', outcome: 'appended', incidentId: 'INC-2026-0001' })]);
  });

  it('refuses a duplicate rule id, a window of no time and a rate threshold outside 0..1 at FILE:LINE:COL, as min_count: 0', async () => {
    // Given rules that would fire on nothing, never, or share one id
    const p = watchProject(projects);
    appendFileSync(join(p.dir, 'aiops.yaml'), [
      '  - {id: rejections-up, service: svc-y, metric: rejection_rate, window: 10m, above: 0.5, trigger: hallucinated_commitment}',
      '  - {id: no-time, metric: rejection_rate, window: 0s, above: 0.5, trigger: hallucinated_commitment}',
      '  - {id: below-zero, metric: rejection_rate, window: 10m, above: -1, trigger: hallucinated_commitment}',
      '  - {id: over-one, metric: false_approval_rate, window: 10m, above: 1.5, trigger: hallucinated_commitment}',
      '  - {id: dear, metric: cost, window: 10m, above: 1.5, trigger: hallucinated_commitment}',
      '',
    ].join('\n'));
    // When aiops.yaml is validated, and when watch loads it
    const v = await aiops(p, ['playbook', 'validate', '--format', 'config', 'aiops.yaml']);
    const w = await aiops(p, ['watch', '-'], { as: 'alice', input: line(0, 'svc-y', 'a', 'approved') });
    // Then each is refused at its place, and a cost above 1 (an amount, not a rate) is not
    const expected = [
      `${at(p, 'rejections-up, service: svc-y')}: watch.1.id: rule id "rejections-up" is already rule 1's`,
      `${at(p, '0s', 'no-time')}: watch.2.window: a window of no time counts nothing`,
      `${at(p, '-1', 'below-zero')}: watch.3.above: a rate is from 0 to 1`,
      `${at(p, '1.5', 'over-one')}: watch.4.above: a rate is from 0 to 1`,
    ];
    for (const r of [v, w]) {
      expect(r.exitCode, r.stderr).toBe(2);
      for (const e of expected) expect(r.stderr).toContain(e);
      expect(r.stderr).not.toContain('watch.5');
    }
  });
});
