import { rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { textWidth } from '../src/ui/fit-line.js';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';

let project: TempProject;
beforeEach(() => {
  project = makeProject({ withScenarios: false });
});
afterEach(() => project.cleanup());

const T0 = '2026-03-14T01:52:00.000Z';
const run = (args: string[], opts: { as?: string; now?: string; env?: Record<string, string> } = {}) =>
  aiopsInProcess(project, args, { as: opts.as ?? 'alice', env: { AIOPS_NOW: opts.now ?? T0, ...opts.env } });

async function start(args: string[], now = T0): Promise<string> {
  const r = await run(['incident', 'start', ...args, '--json'], { now });
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout).incident.id as string;
}

describe('incident start with only a title', () => {
  it('opens the generic triage playbook, from the project or else the one shipped with aiops', async () => {
    // Given a responder who can say what they see but not which playbook fits
    const id = await start(['--title', 'Answers look wrong', '--service', 'shop']);
    const view = JSON.parse((await run(['incident', 'show', id, '--json'])).stdout).incident;
    expect(view.playbook.id).toBe('generic-triage');
    expect(view.selection.reason).toContain('no trigger or playbook given: generic triage');
    // And a project scaffolded before generic-triage existed still gets it
    rmSync(join(project.dir, 'playbooks', 'generic-triage.yaml'));
    const older = await start(['--title', 'Still odd']);
    expect(JSON.parse((await run(['incident', 'show', older, '--json'])).stdout).incident.playbook.id).toBe('generic-triage');
    // But with nothing said at all it asks for a title, trigger or playbook
    const none = await run(['incident', 'start']);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain('--title "what you see" (opens generic triage)');
  });

  it('the shipped generic triage playbook validates', async () => {
    const r = await run(['playbook', 'validate', 'playbooks/generic-triage.yaml']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('ok  playbooks/generic-triage.yaml  (generic-triage@1.0.0');
  });
});

describe('cancelled and duplicate incidents', () => {
  it('sets cancelled and duplicate-of ID, hides them from the open list and leaves them out of the report figures', async () => {
    const real = await start(['--trigger', 'data_leakage', '--title', 'Leak']);
    const dup = await start(['--title', 'Same leak, second pager']);
    const noise = await start(['--title', 'Monitor flapped']);
    // When one is marked a duplicate of the real one (typed in lower case) and one cancelled
    const d = await run(['incident', 'status', dup, 'duplicate-of', real.toLowerCase()]);
    expect(d.exitCode, d.stderr).toBe(0);
    expect(d.stdout).toContain(`DUPLICATE OF ${real}`);
    const c = await run(['incident', 'status', noise, 'cancelled', '--reason', 'monitor flapped, nothing served']);
    expect(c.exitCode, c.stderr).toBe(0);
    // Then the JSON view says what it duplicates
    expect(JSON.parse((await run(['incident', 'show', dup, '--json'])).stdout).incident).toMatchObject({ status: 'duplicate', duplicateOf: real });
    // And the open list shows only the real one; --all shows all three
    const open = JSON.parse((await run(['incident', 'list', '--json'])).stdout).incidents.map((r: { id: string }) => r.id);
    expect(open).toEqual([real]);
    const all = JSON.parse((await run(['incident', 'list', '--all', '--json'])).stdout).incidents.map((r: { status: string }) => r.status);
    expect(all).toEqual(['open', 'duplicate', 'cancelled']);
    // And --status takes the word the status verb and completion use (duplicate-of) as well as the stored one, in text and JSON
    for (const word of ['duplicate', 'duplicate-of']) {
      expect(JSON.parse((await run(['incident', 'list', '--status', word, '--json'])).stdout).incidents.map((r: { id: string }) => r.id)).toEqual([dup]);
      expect((await run(['incident', 'list', '--status', word])).stdout).toContain(dup);
    }
    // And a status nothing has says so, not "no open incidents"
    expect((await run(['incident', 'list', '--status', 'closed'])).stdout).toBe('no closed incidents');
    // And the report counts one incident and names the two it left out
    const later = '2026-03-14T03:00:00.000Z';
    const report = await run(['report', '--json'], { now: later });
    const doc = JSON.parse(report.stdout);
    expect(doc.incidents.count).toBe(1);
    expect(doc.incidents.leftOut).toEqual({ cancelled: 1, duplicate: 1 });
    expect((await run(['report'], { now: later })).stdout).toContain('left out            1 cancelled, 1 duplicate');
    // And an ended incident takes no more step work until reopened
    const step = await run(['incident', 'step', dup, 'assign-roles', '--done']);
    expect(step.exitCode).toBe(3);
    expect(step.stderr).toContain(`${dup} is a duplicate; reopen it first`);
    // And bad duplicates are refused without writing anything
    expect((await run(['incident', 'status', real, 'duplicate-of', 'INC-2026-0099'])).stderr).toContain('no incident INC-2026-0099 to be a duplicate of');
    expect((await run(['incident', 'status', real, 'duplicate-of', real])).stderr).toContain(`${real} cannot be a duplicate of itself`);
    expect((await run(['incident', 'status', real, 'duplicate-of'])).exitCode).toBe(2);
    // And reopening works as from closed
    expect((await run(['incident', 'status', noise, 'open', '--reason', 'it flapped again and served errors'])).exitCode).toBe(0);
  });
});

describe('duplicates point at a real incident', () => {
  it('refuses marking an incident a duplicate of a duplicate (naming the original) or of itself, writing nothing', async () => {
    // Given three incidents, the second a duplicate of the first
    const first = await start(['--title', 'Leak']);
    const second = await start(['--title', 'Same leak']);
    const third = await start(['--title', 'Same leak, again']);
    expect((await run(['incident', 'status', second, 'duplicate-of', first])).exitCode).toBe(0);
    const head = async () => JSON.parse((await run(['evidence', 'head', '--json'])).stdout).head.seq as number;
    const before = await head();
    // When the first is marked a duplicate of the second (a loop: no real incident would remain)
    const loop = await run(['incident', 'status', first, 'duplicate-of', second.toLowerCase()]);
    // Then it is refused as bad input, saying the first is the original
    expect(loop.exitCode).toBe(2);
    expect(loop.stderr).toContain(`${second} is already a duplicate of ${first}: ${first} is the original`);
    // And a duplicate of the duplicate is refused, pointing at the original to name instead
    const chain = await run(['incident', 'status', third, 'duplicate-of', second, '--json']);
    expect(chain.exitCode).toBe(2);
    expect(JSON.parse(chain.stdout).error).toMatchObject({
      kind: 'invalid-input',
      message: `${second} is itself a duplicate of ${first}; a duplicate names the original`,
      hint: `aiops incident status ${third} duplicate-of ${first}`,
    });
    // And of itself, in any spelling
    const self = await run(['incident', 'status', third, 'duplicate-of', third.toLowerCase().replace('-000', '-')]);
    expect(self.exitCode).toBe(2);
    expect(self.stderr).toContain(`${third} cannot be a duplicate of itself`);
    // And nothing was written; both still stand
    expect(await head()).toBe(before);
    const statuses = JSON.parse((await run(['incident', 'list', '--all', '--json'])).stdout).incidents.map((r: { status: string }) => r.status);
    expect(statuses).toEqual(['open', 'duplicate', 'open']);
    // But naming the original works
    expect((await run(['incident', 'status', third, 'duplicate-of', first])).exitCode).toBe(0);
  });
});

describe('incident list as text', () => {
  it('has a header, age, commander, and flags for overdue steps and awaited approvals', async () => {
    const id = await start(['--trigger', 'data_leakage', '--title', 'Leak', '--service', 'tenant-b']);
    // Given the pause step asked for approval (assign-roles done), 12 minutes in
    expect((await run(['incident', 'step', id, 'assign-roles', '--done'], { now: '2026-03-14T01:53:00.000Z' })).exitCode).toBe(0);
    const r = await run(['incident', 'list'], { now: '2026-03-14T02:04:00.000Z' });
    expect(r.exitCode, r.stderr).toBe(0);
    const [header, row] = r.stdout.trimEnd().split('\n');
    expect(header!.split(/\s{2,}/)).toEqual(['ID', 'SEV', 'STATUS', 'AGE', 'OPENED', 'COMMANDER', 'SERVICE', 'TITLE', 'FLAGS']);
    // Then the row says how old it is, who leads it, and what is waiting: pause (due 10m) is overdue and awaits the commander
    expect(row).toMatch(new RegExp(`^${id}\\s+SEV1\\s+open\\s+1[12]m\\S*\\s+2026-03-14 01:52:\\d\\d UTC\\s+alice\\s+tenant-b\\s+Leak\\s+OVERDUE 1 step; AWAITING APPROVAL pause$`));
    // And the JSON rows carry the same facts as new fields
    const json = JSON.parse((await run(['incident', 'list', '--json'])).stdout).incidents[0];
    expect(json).toMatchObject({ id, commander: 'alice', awaiting: { pause: ['commander'] } });
    expect(Object.keys(json.dues)).toContain('pause');
    expect(Object.keys(json.dues)).not.toContain('assign-roles');
  });

  it('cuts a long title or service at its column with …, so a row stays a row; show and --json keep it whole', async () => {
    const title = `Tenant B saw invoices ${'and more '.repeat(12_000)}`.trim();
    const service = `assistant-${'eu-'.repeat(500)}west`;
    const id = await start(['--trigger', 'data_leakage', '--title', title, '--service', service]);
    const r = await run(['incident', 'list']);
    expect(r.exitCode, r.stderr).toBe(0);
    const row = r.stdout.trimEnd().split('\n')[1]!;
    expect(row.length).toBeLessThan(250);
    expect(row).toContain(`${'Tenant B saw invoices and more and more'.slice(0, 39)}…`);
    expect(row).toContain('assistant-eu-eu-');
    const json = JSON.parse((await run(['incident', 'list', '--json'])).stdout).incidents.find((x: { id: string }) => x.id === id);
    expect([json.title, json.service]).toEqual([title, service]);
  });

  it('lines columns up in terminal columns: a service in wide characters takes two a character', async () => {
    await start(['--trigger', 'data_leakage', '--title', 'Wide service', '--service', '東京リージョン']);
    await start(['--trigger', 'data_leakage', '--title', 'Narrow service', '--service', 'eu']);
    const rows = (await run(['incident', 'list'])).stdout.trimEnd().split('\n').slice(1);
    // The title column starts at the same terminal column on both rows
    const titleColumn = (row: string, title: string) => textWidth(row.slice(0, row.indexOf(title)));
    expect(titleColumn(rows.find((r) => r.includes('Wide service'))!, 'Wide service')).toBe(titleColumn(rows.find((r) => r.includes('Narrow service'))!, 'Narrow service'));
  });

  it('lines columns up as they are shown: a title with an escape or a bidi override is measured once made visible', async () => {
    await start(['--trigger', 'data_leakage', '--title', 'Plain title', '--service', 'eu']);
    await start(['--trigger', 'data_leakage', '--title', 'Esc\u001b[2J and \u202eflip', '--service', 'eu']);
    // An hour on, both have overdue steps, so both rows have a FLAGS cell after the padded title
    const rows = (await run(['incident', 'list'], { now: '2026-03-14T02:52:00.000Z' })).stdout.trimEnd().split('\n').slice(1);
    const escaped = rows.find((r) => r.includes('Esc'))!;
    expect(escaped).toContain('Esc\u241b[2J and <U+202E>flip');
    const flagsColumn = (row: string) => textWidth(row.slice(0, row.indexOf('OVERDUE')));
    expect(flagsColumn(escaped)).toBe(flagsColumn(rows.find((r) => r.includes('Plain title'))!));
  });

  it('shows times in --tz, else $TZ, else tz: in aiops.yaml; JSON stays UTC', async () => {
    const id = await start(['--trigger', 'data_leakage', '--title', 'Leak']);
    // (the test clock starts at T0 and runs on, so on a loaded machine the opening may be a second or two on)
    const opened = (args: string[], env: Record<string, string>) =>
      run([...args, 'incident', 'show', id], { env }).then((r) => r.stdout.split('\n').find((l) => l.startsWith('opened '))!);
    expect(await opened([], { TZ: 'UTC' })).toMatch(/opened 2026-03-14 01:52:\d\d UTC by alice/);
    expect(await opened([], { TZ: 'Europe/Berlin' })).toMatch(/opened 2026-03-14 02:52:\d\d UTC\+01:00 by alice/);
    expect(await opened(['--tz', 'America/New_York'], { TZ: 'Europe/Berlin' })).toMatch(/opened 2026-03-13 21:52:\d\d UTC-04:00 by alice/);
    // Given the team's zone in aiops.yaml and no $TZ
    const config = join(project.dir, 'aiops.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('db: .aiops/aiops.db', 'db: .aiops/aiops.db\ntz: Asia/Tokyo'));
    expect(await opened([], { TZ: '' })).toMatch(/opened 2026-03-14 10:52:\d\d UTC\+09:00 by alice/);
    const list = await run(['incident', 'list'], { env: { TZ: '' } });
    expect(list.stdout).toMatch(/2026-03-14 10:52:\d\d UTC\+09:00/);
    // And --json is UTC whatever the zone
    const json = await run(['incident', 'show', id, '--json'], { env: { TZ: 'Asia/Tokyo' } });
    expect(JSON.parse(json.stdout).incident.openedAt).toMatch(/^2026-03-14T01:52:\d\d\.\d{3}Z$/);
    // And a zone aiops.yaml names that does not exist is a located problem
    writeFileSync(config, readFileSync(config, 'utf8').replace('tz: Asia/Tokyo', 'tz: Mars/Olympus'));
    const bad = await run(['playbook', 'validate', '--format', 'config', 'aiops.yaml']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/aiops\.yaml:\d+:5: tz: Mars\/Olympus is not a time zone this system knows/);
    // And a listing, which reports it and ignores it, shows UTC instead of blaming a --tz nobody gave
    const listed = await run(['incident', 'list'], { env: { TZ: '' } });
    expect(listed.exitCode, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/2026-03-14 01:52:\d\d UTC/);
    expect(listed.stderr).not.toContain('--tz');
  });
});
