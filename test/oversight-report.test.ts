import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ReportOutput } from '../src/core/schemas/output-commands.js';
import { oversightRows, weekOf } from '../src/core/watch/oversight.js';
import { parseTelemetryLine, type TelemetryRecord } from '../src/core/watch/telemetry.js';
import { aiops as aiopsSpawned } from './helpers/cli.js';
// One report at a time, in-process; the first one, with its bad lines by number, runs the binary.
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { fits } from './helpers/json-shape.js';
import { makeProject, type TempProject } from './helpers/project.js';

const projects: TempProject[] = [];
afterAll(() => projects.forEach((p) => p.cleanup()));

// A small fixture; the figures below are computed by hand from it.
const LINES = [
  { ts: '2026-03-02T10:00:00Z', service: 'shop', request_id: 'a', review: 'approved', outcome: 'bad', reviewers: ['approved', 'rejected'], policy_hits: ['x'] },
  { ts: '2026-03-04T10:00:00Z', service: 'shop', request_id: 'b', review: 'approved', outcome: 'good' },
  { ts: '2026-03-05T10:00:00Z', service: 'shop', request_id: 'c', review: 'rejected', outcome: 'good' },
  { ts: '2026-03-05T11:00:00Z', service: 'shop', request_id: 'd', review: 'rejected', outcome: 'bad', reviewers: ['rejected', 'rejected'] },
  { ts: '2026-03-06T10:00:00Z', service: 'shop', request_id: 'e', review: 'escalated' },
  { ts: '2026-03-08T23:59:59Z', service: 'shop', request_id: 'h' },
  { ts: '2026-03-09T00:00:00Z', service: 'shop', request_id: 'f', review: 'approved', outcome: 'bad' },
  { ts: '2026-03-09T01:00:00Z', service: 'shop', request_id: 'g', review: 'escalated', drill: true },
  { ts: '2026-03-03T10:00:00Z', service: 'other', request_id: 'i', policy_hits: ['y', 'z'] },
];
const records: TelemetryRecord[] = LINES.map((l) => {
  const p = parseTelemetryLine(JSON.stringify(l));
  if (!p.ok) throw new Error(p.reason);
  return p.record;
});
const f = (hits: number, count: number) => ({ hits, count, value: count ? hits / count : null });

describe('oversight figures by service and week, drills apart (issue 19)', () => {
  it('weeks start on Monday 00:00 UTC', () => {
    expect(weekOf(Date.parse('2026-03-08T23:59:59Z'))).toBe('2026-03-02');
    expect(weekOf(Date.parse('2026-03-09T00:00:00Z'))).toBe('2026-03-09');
  });

  it('matches the hand-computed figures', () => {
    expect(oversightRows(records)).toEqual([
      // other: i has policy hits; nothing reviewed
      { service: 'other', week: '2026-03-02', drill: false, requests: 1, escalations: 0, figures: { false_approval_rate: f(0, 0), false_rejection_rate: f(0, 0), policy_hit_rate: f(1, 1), disagreement_rate: f(0, 0), escalation_rate: f(0, 1) } },
      // shop, week of 03-02: a b c d e h (h is Sunday 23:59:59)
      //   approved+audited a b, bad a: 1/2; rejected+audited c d, good c: 1/2; policy a: 1/6;
      //   two reviewers a d, differing a: 1/2; escalated e: 1/6
      { service: 'shop', week: '2026-03-02', drill: false, requests: 6, escalations: 1, figures: { false_approval_rate: f(1, 2), false_rejection_rate: f(1, 2), policy_hit_rate: f(1, 6), disagreement_rate: f(1, 2), escalation_rate: f(1, 6) } },
      // shop, week of 03-09: f approved, bad
      { service: 'shop', week: '2026-03-09', drill: false, requests: 1, escalations: 0, figures: { false_approval_rate: f(1, 1), false_rejection_rate: f(0, 0), policy_hit_rate: f(0, 1), disagreement_rate: f(0, 0), escalation_rate: f(0, 1) } },
      // drill traffic g, apart
      { service: 'shop', week: '2026-03-09', drill: true, requests: 1, escalations: 1, figures: { false_approval_rate: f(0, 0), false_rejection_rate: f(0, 0), policy_hit_rate: f(0, 1), disagreement_rate: f(0, 0), escalation_rate: f(1, 1) } },
    ]);
  });

  it('aiops report --telemetry prints the definitions and the figures, with bad lines by number', async () => {
    const p = makeProject({ withScenarios: false });
    projects.push(p);
    const file = join(p.dir, 'telemetry.jsonl');
    writeFileSync(file, `${LINES.map((l) => JSON.stringify(l)).join('\n')}\nnot json\n`);
    const r = await aiopsSpawned(p, ['report', '--telemetry', 'telemetry.jsonl', '--service', 'shop'], { env: { AIOPS_NOW: '2026-03-20T00:00:00Z' } });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('OVERSIGHT (telemetry telemetry.jsonl: 8 requests, 1 bad line(s) skipped: line 10)');
    expect(r.stdout).toContain('  false_rejection_rate: rejected but audited good / rejected requests with an audited outcome');
    expect(r.stdout).toContain('  shop  week of 2026-03-02: 6 requests, 1 escalated\n    false_approval_rate   50.0% (1/2)\n    false_rejection_rate  50.0% (1/2)\n    policy_hit_rate       16.7% (1/6)\n    disagreement_rate     50.0% (1/2)\n    escalation_rate       16.7% (1/6)');
    expect(r.stdout).toMatch(/DRILL TRAFFIC \(never mixed into the figures above\)\n\n {2}shop {2}week of 2026-03-09: 1 requests, 1 escalated/);
    expect(r.stdout).not.toContain('other');
  });
});

describe('aiops report --telemetry --json', () => {
  it('gives a rate whose denominator is 0 as null, not 0, and fits the committed schema', async () => {
    const p = makeProject({ withScenarios: false });
    projects.push(p);
    // Given telemetry with nothing rejected, nothing audited and no two reviewers on one request
    const lines = [
      { ts: '2026-03-02T10:00:00Z', service: 'shop', request_id: 'a', review: 'approved' },
      { ts: '2026-03-02T11:00:00Z', service: 'shop', request_id: 'b' },
    ];
    writeFileSync(join(p.dir, 'telemetry.jsonl'), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    // When the report reads it as JSON
    const r = await aiops(p, ['report', '--telemetry', 'telemetry.jsonl', '--json'], { env: { AIOPS_NOW: '2026-03-04T00:00:00Z' } });
    expect(r.exitCode, r.stderr).toBe(0);
    // Then the rates nothing was counted for have no value; the counted ones keep theirs
    const doc = fits(r.stdout, ReportOutput);
    expect(doc.oversight.rows[0].figures).toEqual({
      false_approval_rate: { count: 0, hits: 0, value: null },
      false_rejection_rate: { count: 0, hits: 0, value: null },
      policy_hit_rate: { count: 2, hits: 0, value: 0 },
      disagreement_rate: { count: 0, hits: 0, value: null },
      escalation_rate: { count: 2, hits: 0, value: 0 },
    });
  });
});

describe("aiops report --telemetry keeps to the report's window", () => {
  it('leaves out records before --since and records dated after now, and says how many', async () => {
    const p = makeProject({ withScenarios: false });
    projects.push(p);
    // Given telemetry from March, from the last week, and from the future (now is 2026-12-05)
    const lines = [
      { ts: '2026-03-02T10:00:00Z', service: 'shop', request_id: 'old', review: 'rejected', outcome: 'good' },
      { ts: '2026-12-01T10:00:00Z', service: 'shop', request_id: 'in1', review: 'escalated' },
      { ts: '2026-12-04T10:00:00Z', service: 'shop', request_id: 'in2', review: 'approved' },
      { ts: '2027-01-04T10:00:00Z', service: 'shop', request_id: 'future', review: 'escalated' },
      { ts: '2026-12-04T10:00:00Z', service: 'other', request_id: 'x' },
    ];
    writeFileSync(join(p.dir, 'tel.jsonl'), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const env = { AIOPS_NOW: '2026-12-05T12:00:00Z' };
    // When the report covers the last 7 days of one service
    const r = await aiops(p, ['report', '--telemetry', 'tel.jsonl', '--since', '7d', '--service', 'shop'], { env });
    expect(r.exitCode, r.stderr).toBe(0);
    // Then only the week's records are in the figures, and the two outside are counted and said
    expect(r.stdout).toContain('OVERSIGHT (telemetry tel.jsonl: 2 requests; 2 records outside the window left out: 1 before 2026-11-28, 1 dated after now)');
    expect(r.stdout).toContain('  shop  week of 2026-11-30: 2 requests, 1 escalated');
    expect(r.stdout).not.toContain('week of 2026-03-02');
    expect(r.stdout).not.toContain('week of 2027-01-04');
    const doc = fits((await aiops(p, ['report', '--telemetry', 'tel.jsonl', '--since', '7d', '--service', 'shop', '--json'], { env })).stdout, ReportOutput);
    expect(doc.oversight).toMatchObject({ records: 2, outsideWindow: { before: 1, after: 1 } });
    expect(doc.oversight.rows.map((row: { week: string }) => row.week)).toEqual(['2026-11-30']);
    // And with --since all, only the future is out of the window
    const all = await aiops(p, ['report', '--telemetry', 'tel.jsonl', '--since', 'all', '--service', 'shop'], { env });
    expect(all.stdout).toContain('OVERSIGHT (telemetry tel.jsonl: 3 requests; 1 record outside the window left out: 1 dated after now)');
    expect(all.stdout).toContain('  shop  week of 2026-03-02: 1 requests, 0 escalated');
  });
});

describe('aiops report --telemetry given blank', () => {
  it.each([[''], ['  ']])('refuses --telemetry %j by name, exit 2', async (blank) => {
    const p = makeProject({ withScenarios: false });
    projects.push(p);
    // When --telemetry is given blank (an unset variable, say)
    const r = await aiops(p, ['report', '--telemetry', blank]);
    // Then it is refused as a blank option, not read as the working directory
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('aiops: --telemetry is blank\n  try: name a JSON Lines telemetry file: --telemetry telemetry.jsonl, or leave --telemetry out for no oversight section');
  });
});

describe('aiops report --telemetry and a drill field that is not a boolean', () => {
  it('skips the line as a bad line, by number, instead of counting it as production traffic', async () => {
    const p = makeProject({ withScenarios: false });
    projects.push(p);
    // Given a record marked drill with the string "true", one with true, and one production record
    const lines = [
      { ts: '2026-03-02T10:00:00Z', service: 'shop', request_id: 'a', review: 'escalated', drill: 'true' },
      { ts: '2026-03-02T11:00:00Z', service: 'shop', request_id: 'b', review: 'escalated', drill: true },
      { ts: '2026-03-02T12:00:00Z', service: 'shop', request_id: 'c', review: 'approved', drill: false },
    ];
    writeFileSync(join(p.dir, 'telemetry.jsonl'), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const env = { AIOPS_NOW: '2026-03-04T00:00:00Z' };
    // When the report reads it
    const r = await aiops(p, ['report', '--telemetry', 'telemetry.jsonl'], { env });
    // Then the string one is a bad line; production has c only, drill traffic b only
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('OVERSIGHT (telemetry telemetry.jsonl: 2 requests, 1 bad line(s) skipped: line 1)');
    expect(r.stdout).toContain('  shop  week of 2026-03-02: 1 requests, 0 escalated');
    expect(r.stdout).toMatch(/DRILL TRAFFIC \(never mixed into the figures above\)\n\n {2}shop {2}week of 2026-03-02: 1 requests, 1 escalated/);
    const doc = fits((await aiops(p, ['report', '--telemetry', 'telemetry.jsonl', '--json'], { env })).stdout, ReportOutput);
    expect(doc.oversight.bad).toEqual([{ line: 1, reason: 'drill is not true or false' }]);
  });
});
