import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { median, percentile } from '../src/export/summary-stats.js';
import { aiops } from './helpers/cli.js';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';
import { REPORT_NOW, writeReportFixture } from './helpers/report-fixture.js';

const MIN = 60_000;
let project: TempProject;
let db: string;

// The figures are one report command at a time, in-process; a log that is not there is refused by the binary.
const report = (args: string[]) => aiopsInProcess(project, ['--db', db, 'report', ...args], { env: { AIOPS_NOW: REPORT_NOW } });

beforeAll(async () => {
  project = makeProject({ withScenarios: false });
  db = join(project.dir, 'report-fixture.db');
  await writeReportFixture(db);
});
afterAll(() => project?.cleanup());

describe('aiops report against the fixture log (figures worked out by hand in helpers/report-fixture.ts)', () => {
  it('counts the incidents of the last 30 days by peak severity and trigger, drills apart', async () => {
    const r = await report(['--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const inc = r.json().incidents;
    // A, B, C, E (D is from February)
    expect(inc.count).toBe(4);
    // A peaked SEV1, B SEV3, C raised SEV4→SEV3 then lowered (peak SEV3), E SEV2
    expect(inc.bySeverity).toEqual({ SEV1: 1, SEV2: 1, SEV3: 2, SEV4: 0 });
    expect(inc.byTrigger).toEqual({ data_leakage: 2, output_spike: 2 });
  });

  it('gives medians and nearest-rank p90s of the response times', async () => {
    const inc = (await report(['--json'])).json().incidents;
    // TTA: A 4m, B 10m (its on-call assignments at start do not count), E 1m; C has none → [1, 4, 10]
    expect(inc.timeToAcknowledge).toEqual({ n: 3, medianMs: 4 * MIN, p90Ms: 10 * MIN });
    // TTM: A 20m, B 40m (straight to resolved), C 3h, E 6m → [6, 20, 40, 180]: median (20+40)/2, p90 rank ceil(3.6)=4
    expect(inc.timeToMitigate).toEqual({ n: 4, medianMs: 30 * MIN, p90Ms: 180 * MIN });
    // TTR: A 60m, B 40m, C 5h → [40, 60, 300]
    expect(inc.timeToResolve).toEqual({ n: 3, medianMs: 60 * MIN, p90Ms: 300 * MIN });
    // Approval latency, from when each step started waiting (its round's request), never from the incident's start:
    // A 7m-5m = 2m; B 15m-12m = 3m, then after the deny a new round from 20m: 1m and 2m → [1, 2, 2, 3].
    // E's pre-approval by severity policy is no sample (nobody waited for a person).
    expect(inc.approvalLatency).toEqual({ n: 4, medianMs: 2 * MIN, p90Ms: 3 * MIN });
    // Correction (detected → fix live): A 7m (pause ran ok), B 25m (run-1 failed at 22m, run-2 ok at 25m),
    // E 20m though it is still mitigated (the prompt deploy), C none (closed with no fix) → [7, 20, 25]
    expect(inc.correctionTime).toEqual({ n: 3, medianMs: 20 * MIN, p90Ms: 25 * MIN });
    expect(inc.correctionPending).toBe(0);
  });

  it('counts approvals, denials, overrides, disagreement, hook failures and escalations', async () => {
    const inc = (await report(['--json'])).json().incidents;
    expect(inc.approvals).toEqual({ granted: 5, byPolicy: 1, denied: 1, overrides: 1, incidentsWithOverride: 1, overrideRate: 0.25 });
    // B: bob denied as reviewer after alice approved as commander; C: decision leaked went no → yes
    expect(inc.disagreement).toEqual({ total: 2, denyAfterApproval: 1, decisionsReversed: 1, incidents: 2 });
    expect(inc.hooks).toEqual({
      runs: 3,
      failed: 1,
      failureRate: 1 / 3,
      byHook: { 'pause-feature': { runs: 1, failed: 0 }, 'rollback-model': { runs: 2, failed: 1 } },
    });
    // A raised SEV2→SEV1, C raised SEV4→SEV3 (its lowering is not an escalation)
    expect(inc.escalations).toEqual({ total: 2, incidents: 2 });
  });

  it('buckets openings and escalations by week (Mondays, UTC) across the window', async () => {
    const inc = (await report(['--json'])).json().incidents;
    // Window from Sun 1 March 12:00 → weeks of 23 Feb … 30 March
    expect(inc.weeks).toEqual([
      { week: '2026-02-23', opened: 0, escalations: 0 },
      { week: '2026-03-02', opened: 1, escalations: 1 },
      { week: '2026-03-09', opened: 1, escalations: 0 },
      { week: '2026-03-16', opened: 1, escalations: 1 },
      { week: '2026-03-23', opened: 1, escalations: 0 },
      { week: '2026-03-30', opened: 0, escalations: 0 },
    ]);
  });

  it('reports drills in their own section with scores per scenario over time', async () => {
    const doc = (await report(['--json'])).json();
    expect(doc.drillFigures.count).toBe(3);
    // Drill acknowledgements (30s, 20s) never reach the incident figures above
    expect(doc.drillFigures.timeToAcknowledge).toEqual({ n: 2, medianMs: 25_000, p90Ms: 30_000 });
    // Drill 1's simulated pause is its fix at 2m; drills 2 and 3 have none, but both ended (scored):
    // nobody plays them any more, so neither is open and waiting for a fix
    expect(doc.drillFigures.correctionTime).toEqual({ n: 1, medianMs: 2 * MIN, p90Ms: 2 * MIN });
    expect(doc.drillFigures.correctionPending).toBe(0);
    expect(doc.drillFigures.scenarios).toEqual([
      { scenario: 'agent-refund-loop', runs: [{ id: 'DRILL-2026-0003', at: '2026-03-26T14:20:00.000Z', score: 60 }], latest: 60, median: 60 },
      {
        scenario: 'wrong-tenant-leak',
        runs: [
          { id: 'DRILL-2026-0001', at: '2026-03-05T09:30:00.000Z', score: 70 },
          { id: 'DRILL-2026-0002', at: '2026-03-19T09:25:00.000Z', score: 85 },
        ],
        latest: 85,
        median: 77.5,
      },
    ]);
  });

  it('narrows by --service and --since, and separates with --drills-only / --no-drills', async () => {
    const eu = (await report(['--service', 'assistant-eu', '--json'])).json();
    expect(eu.incidents.count).toBe(2);
    expect(eu.incidents.timeToMitigate).toEqual({ n: 2, medianMs: 100 * MIN, p90Ms: 180 * MIN });
    expect(eu.drillFigures.count).toBe(2);
    const all = (await report(['--since', 'all', '--json'])).json();
    expect(all.incidents.count).toBe(5);
    expect(all.incidents.bySeverity.SEV1).toBe(2);
    const only = (await report(['--drills-only', '--json'])).json();
    expect(only.incidents).toBeNull();
    expect(only.drillFigures.count).toBe(3);
    const none = (await report(['--no-drills', '--json'])).json();
    expect(none.drillFigures).toBeNull();
    expect(none.incidents.count).toBe(4);
    const both = await report(['--drills-only', '--no-drills']);
    expect(both.exitCode).toBe(2);
    const bad = await report(['--since', 'last-month']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('--since last-month is not a duration');
  });

  it('prints the figures, a bar per week and sparklines in the terminal', async () => {
    const r = await report([]);
    expect(r.exitCode, r.stderr).toBe(0);
    const text = r.stdout;
    expect(text).toContain('aiops report: opened since 2026-03-01 (30d) to 2026-03-31, all services');
    expect(text).toContain('INCIDENTS (4; drills are reported separately below)');
    expect(text).toMatch(/time to acknowledge\s+3\s+4m00s\s+10m00s/);
    expect(text).toMatch(/time to mitigate\s+4\s+30m00s\s+3h00m/);
    expect(text).toContain('approvals      5 granted (1 by severity policy), 1 denied, 1 override (in 1 of 4 incidents, 25%)');
    expect(text).toMatch(/correction \(detected→fix live\)\s+3\s+20m00s\s+25m00s/);
    expect(text).toContain('hook runs      3, 1 failed (33%): rollback-model 1/2');
    expect(text).toMatch(/2026-03-02\s+█+ 1\s+█+ 1/);
    expect(text).toContain('trend       opened ▁████▁   escalations ▁█▁█▁▁');
    expect(text).toContain('DRILLS (3 played by people; never mixed into the incident figures)');
    expect(text).toMatch(/wrong-tenant-leak\s+▇█\s+2 runs, latest 85 \(2026-03-19\), median 77\.5/);
  });
});

describe('report refuses input that would print a report of nothing', () => {
  it('--service given blank is refused (exit 2), not read as "all services" over zero incidents', async () => {
    for (const service of ['', '   ']) {
      for (const r of [await report(['--service', service]), await report(['--service', service, '--json'])]) {
        expect(r.exitCode, r.stdout).toBe(2);
        expect(r.stdout).not.toContain('all services');
      }
      const r = await report(['--service', service]);
      expect(r.stderr).toBe('aiops: --service is blank\n  try: name a service: --service shop-assistant, or leave --service out for every service');
    }
  });

  it('a log named with --db or $AIOPS_DB that is not there is refused as every reader refuses it; the project\'s own, not there yet, reports zeros', async () => {
    const typo = join(project.dir, 'report-fixtrue.db');
    for (const [r, named] of [
      [await aiops(project, ['--db', typo, 'report'], { env: { AIOPS_NOW: REPORT_NOW } }), `--db ${typo}`],
      [await aiops(project, ['report', '--json'], { env: { AIOPS_NOW: REPORT_NOW, AIOPS_DB: typo } }), `$AIOPS_DB=${typo}`],
    ] as const) {
      expect(r.exitCode, r.stdout).toBe(2);
      expect(r.stdout).not.toContain('no incidents in this window');
      expect(r.stderr).toContain(`no evidence log at ${typo}`);
      expect(r.stderr).toContain(`try: check ${named}: no log is there`);
    }
    // The project's own log has not been started: nothing to report, and nothing created
    const own = await aiops(project, ['report', '--json'], { env: { AIOPS_NOW: REPORT_NOW } });
    expect(own.exitCode, own.stderr).toBe(0);
    expect(own.json().incidents.count).toBe(0);
    expect(existsSync(project.db)).toBe(false);
  });
});

describe('median and p90', () => {
  it('take the mean of the two middle values and the nearest rank', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(percentile([], 90)).toBeNull();
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90)).toBe(10);
    expect(percentile([7], 90)).toBe(7);
  });
});

describe('approval latency and correction time through the real commands', () => {
  it('measure from when the step started waiting and from detection, for an incident still open', async () => {
    const p = makeProject({ withScenarios: false });
    try {
      const at = (t: string) => ({ as: 'alice', env: { AIOPS_NOW: `2026-03-02T${t}.000Z`, AIOPS_TEST_CLOCK: '1' } });
      // Given an incident opened at 10:00 whose pause step becomes current (and waits for approval) at 10:02
      expect((await aiopsInProcess(p, ['incident', 'start', '--trigger', 'latency_anomaly', '--service', 'shop-assistant'], at('10:00:00'))).exitCode).toBe(0);
      for (const step of ['assign-roles', 'triage', 'page-reviewer']) await aiopsInProcess(p, ['incident', 'step', 'INC-2026-0001', step, '--done'], at('10:01:00'));
      await aiopsInProcess(p, ['incident', 'step', 'INC-2026-0001', 'recent-change', '--choose', 'no-change'], at('10:02:00'));
      // When the commander approves at 10:05, which runs the pause
      const approved = await aiopsInProcess(p, ['incident', 'approve', 'INC-2026-0001', 'pause'], at('10:05:00'));
      expect(approved.exitCode, approved.stderr).toBe(0);
      // Then the approval waited 3m (10:02 → 10:05), not 5m from the start nor 0s; the fix was live 5m after detection
      const doc = (await aiopsInProcess(p, ['report', '--json'], at('10:06:00'))).json();
      const near = (ms: number | null, want: number) => Math.abs((ms ?? Number.NaN) - want) < 5_000;
      expect(doc.incidents.approvalLatency.n).toBe(1);
      expect(near(doc.incidents.approvalLatency.medianMs, 3 * MIN), String(doc.incidents.approvalLatency.medianMs)).toBe(true);
      expect(doc.incidents.correctionTime.n).toBe(1);
      expect(near(doc.incidents.correctionTime.medianMs, 5 * MIN), String(doc.incidents.correctionTime.medianMs)).toBe(true);
      expect(doc.incidents.correctionPending).toBe(0);
    } finally {
      p.cleanup();
    }
  });
});
