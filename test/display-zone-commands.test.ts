import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DrillReportOutput, JsonOutput } from '../src/core/schemas/output.js';
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, REPO, type TempProject } from './helpers/project.js';

// An --auto drill plays the 54 minutes before now: it starts 08:06 UTC, 13:36 in Kolkata (UTC+05:30).
// AIOPS_NOW starts a clock that runs on, so under load an instant may be written a second or more
// after it: the times below are matched to the minute, which is what the zone decides.
const NOW = { AIOPS_NOW: '2026-03-14T09:00:00.000Z' };
const KOLKATA = { TZ: 'Asia/Kolkata' };
const ISO = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/;

describe('drill list, drill report and hook output show times in the display zone', () => {
  let project: TempProject;
  let id: string;
  beforeAll(async () => {
    project = makeProject();
    const r = await aiops(project, ['drill', 'wrong-tenant-leak', '--auto', '--json'], { as: 'erin', env: NOW });
    expect(r.exitCode, r.stderr).toBe(0);
    id = r.json().id;
  });
  afterAll(() => project.cleanup());

  it('drill list: $TZ and --tz; UTC is labelled; --json stays UTC', async () => {
    const row = async (args: string[], env: Record<string, string>) => {
      const r = await aiops(project, [...args, 'drill', 'list'], { env });
      expect(r.exitCode, r.stderr).toBe(0);
      return r.stdout.split('\n').find((l) => l.startsWith(id))!;
    };
    expect(await row([], KOLKATA)).toContain(`${id}  2026-03-14 13:36:00 UTC+05:30  `);
    expect(await row(['--tz', 'Asia/Kolkata'], {})).toMatch(/2026-03-14 13:36:\d\d UTC\+05:30/);
    expect(await row([], {})).toContain(`${id}  2026-03-14 08:06:00 UTC  `);
    // A $TZ that names no zone is ignored as before (times stay UTC); an unknown --tz is an error
    expect(await row([], { TZ: 'Nowhere/Land' })).toMatch(/2026-03-14 08:06:\d\d UTC/);
    const bad = await aiops(project, ['--tz', 'Nowhere/Land', 'drill', 'list']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('--tz Nowhere/Land is not a time zone this system knows');
    const json = await aiops(project, ['drill', 'list', '--json'], { env: KOLKATA });
    expect(json.json().drills[0].startedAt).toBe('2026-03-14T08:06:00.000Z');
  });

  it('TZ=:Asia/Kolkata, the POSIX form systemd sets, is Asia/Kolkata (drill list, drill status)', async () => {
    const env = { TZ: ':Asia/Kolkata' };
    const list = await aiops(project, ['drill', 'list'], { env });
    expect(list.stdout).toMatch(new RegExp(`${id}  2026-03-14 13:36:\\d\\d UTC\\+05:30  `));
    const status = await aiops(project, ['drill', 'status', id], { env });
    expect(status.exitCode, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/ended at 2026-03-14 14:30:\d\d UTC\+05:30: score 100\/100/);
  });

  it('drill report as Markdown and HTML: started, ended and the trend in the zone, no raw ISO instants', async () => {
    const md = await aiops(project, ['drill', 'report', id], { env: KOLKATA });
    expect(md.exitCode, md.stderr).toBe(0);
    expect(md.stdout).toMatch(/- Started 2026-03-14 13:36:\d\d UTC\+05:30 by /);
    expect(md.stdout).toMatch(/- Ended 2026-03-14 14:30:\d\d UTC\+05:30 after 54m00s/);
    expect(md.stdout).toContain(`| **${id}** (this one) | 2026-03-14 13:36:00 UTC+05:30 |`);
    expect(md.stdout).not.toMatch(ISO);
    const utc = await aiops(project, ['drill', 'report', id]);
    expect(utc.stdout).toMatch(/- Started 2026-03-14 08:06:\d\d UTC by /);
    const html = await aiops(project, ['--tz', 'Asia/Kolkata', 'drill', 'report', id, '--format', 'html']);
    expect(html.exitCode, html.stderr).toBe(0);
    expect(html.stdout).toMatch(/started 2026-03-14 13:36:\d\d UTC\+05:30 by /);
    expect(html.stdout).toMatch(/<td>2026-03-14 13:36:\d\d UTC\+05:30<\/td>/);
    expect(html.stdout).not.toMatch(ISO);
  });

  it('drill report JSON carries schemaVersion first, keeps its own version and kind, and stays UTC', async () => {
    for (const args of [['--json', 'drill', 'report', id], ['drill', 'report', id, '--format', 'json']]) {
      const r = await aiops(project, args, { env: KOLKATA });
      expect(r.exitCode, r.stderr).toBe(0);
      const doc = r.json();
      expect(Object.keys(doc).slice(0, 3)).toEqual(['schemaVersion', 'version', 'kind']);
      expect(doc).toMatchObject({ schemaVersion: 1, version: 1, kind: 'aiops-drill-report', id, startedAt: '2026-03-14T08:06:00.000Z' });
      expect(DrillReportOutput.safeParse(doc).error?.issues).toBeUndefined();
      expect(JsonOutput.safeParse(doc).success).toBe(true);
    }
    // And the committed schema documents it
    const committed = JSON.parse(readFileSync(join(REPO, 'schemas', 'output.schema.json'), 'utf8'));
    expect(committed.anyOf.some((s: any) => s.properties?.kind?.const === 'aiops-drill-report' && s.required.includes('schemaVersion'))).toBe(true);
    // And written to a file with --json, the acknowledgement is a document with schemaVersion too
    const written = await aiops(project, ['--json', 'drill', 'report', id, '-o', 'report.json']);
    expect(written.exitCode, written.stderr).toBe(0);
    expect(Object.keys(written.json())[0]).toBe('schemaVersion');
    expect(JSON.parse(readFileSync(join(project.dir, 'report.json'), 'utf8')).schemaVersion).toBe(1);
  });

  it('hook output: when the run started, in the zone; --json stays UTC', async () => {
    const text = await aiops(project, ['hook', 'output', id, '1'], { env: KOLKATA });
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/\nstarted 2026-03-14 1\d:\d\d:\d\d UTC\+05:30 by \w+: \[/);
    expect(text.stdout).not.toMatch(ISO);
    const json = await aiops(project, ['hook', 'output', id, '1', '--json'], { env: KOLKATA });
    expect(json.json().output.startedAt).toMatch(ISO);
  });
});

describe('the version inventory in the display zone', () => {
  it('inventory: each change at its time in the zone, UTC labelled; --json stays UTC', async () => {
    const project = makeProject({ withScenarios: false });
    try {
      const set = await aiops(project, ['inventory', 'set', 'shop-assistant', 'model=m-2026-03', '--reason', 'deploy 1'], { as: 'alice', env: NOW });
      expect(set.exitCode, set.stderr).toBe(0);
      const kolkata = await aiops(project, ['--tz', 'Asia/Kolkata', 'inventory']);
      expect(kolkata.stdout).toMatch(/2026-03-14 14:30:\d\d UTC\+05:30 {2}alice: model m-2026-03 - deploy 1/);
      expect(kolkata.stdout).not.toMatch(ISO);
      expect((await aiops(project, ['inventory'])).stdout).toMatch(/2026-03-14 09:00:\d\d UTC {2}alice/);
      expect((await aiops(project, ['inventory', '--json'], { env: KOLKATA })).json().services[0].history[0].ts).toMatch(/^2026-03-14T09:00:\d\d\.\d{3}Z$/);
      // And an incident's export names the change pinned at its opening in the zone too, with no raw instant
      const start = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'shop-assistant', '--json'], { as: 'alice', env: { AIOPS_NOW: '2026-03-14T10:00:00.000Z' } });
      expect(start.exitCode, start.stderr).toBe(0);
      const md = await aiops(project, ['export', start.json().incident.id, '--tz', 'Asia/Kolkata']);
      expect(md.stdout).toMatch(/changed in the 24 h before: 2026-03-14 14:30:\d\d UTC\+05:30 alice: model m-2026-03/);
      expect(md.stdout).not.toMatch(ISO);
    } finally {
      project.cleanup();
    }
  });
});

describe('alerts and exports in the display zone', () => {
  let project: TempProject;
  beforeAll(() => {
    project = makeProject({ withScenarios: false });
  });
  afterAll(() => project.cleanup());
  const alert = join(REPO, 'fixtures', 'alerts', 'alertmanager-v4-pii-spike.json');

  it('a repeat alert says when it was first and last received in the zone; --json stays UTC', async () => {
    const first = await aiops(project, ['incident', 'start', '--from-alert', alert, '--json'], { as: 'alice', env: { AIOPS_NOW: '2026-11-26T03:30:00.000Z' } });
    expect(first.exitCode, first.stderr).toBe(0);
    const again = await aiops(project, ['incident', 'start', '--from-alert', alert], { as: 'alice', env: { AIOPS_NOW: '2026-11-26T03:35:00.000Z', ...KOLKATA } });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/alert received again \(2 notifications, first 2026-11-26 09:00:\d\d UTC\+05:30, last 2026-11-26 09:05:\d\d UTC\+05:30; 1 firing\)/);
    // (and the incident printed after it says the same)
    expect(again.stdout).toMatch(/2 notification\(s\), first 2026-11-26 09:00:\d\d UTC\+05:30, last 2026-11-26 09:05:\d\d UTC\+05:30/);
    expect(again.stdout).not.toMatch(ISO);
    const json = await aiops(project, ['incident', 'show', first.json().incident.id, '--json'], { env: KOLKATA });
    expect(json.exitCode, json.stderr).toBe(0);
    expect(json.stdout).not.toContain('UTC+05:30');
  });

  it('export names the zone as the user gave it, not its canonical alias', async () => {
    const start = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--json'], { as: 'alice', env: NOW });
    expect(start.exitCode, start.stderr).toBe(0);
    const id = start.json().incident.id as string;
    for (const [args, env] of [[[], KOLKATA], [[], { TZ: ':Asia/Kolkata' }], [['--tz', 'Asia/Kolkata'], {}]] as const) {
      const r = await aiops(project, ['export', id, ...args], { env });
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout).toContain('Times are Asia/Kolkata local time');
      expect(r.stdout).not.toContain('Calcutta');
      // (AIOPS_NOW starts a clock that runs on: under load the start is written a second or two later)
      expect(r.stdout).toMatch(/2026-03-14 14:30:\d\d UTC\+05:30/);
    }
    const json = await aiops(project, ['export', id, '--format', 'json'], { env: KOLKATA });
    expect(json.json().timeZone).toBe('Asia/Kolkata');
  });
});
