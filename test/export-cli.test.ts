import { act } from '../src/app/act.js';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { approveStep } from '../src/app/incidents.js';
import { loadProject } from '../src/app/project.js';
import { openSession } from '../src/app/session.js';
import { startIncident } from '../src/app/start-incident.js';
import { ManualClock } from '../src/core/clock.js';
import type { NewEvent } from '../src/core/events.js';
import { aiops as aiopsSpawned } from './helpers/cli.js';
// One export at a time, in-process; the test of how the binary ends (a pipe, its exit code) spawns it.
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';
import { appendEvents, appendTo } from './helpers/seed-log.js';

let project: TempProject;
afterEach(() => project?.cleanup());

async function startedIncident(): Promise<string> {
  project = makeProject({ withScenarios: false });
  const r = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Invoices leak', '--service', 'assistant-eu', '--json'], {
    as: 'alice',
    env: { AIOPS_NOW: '2026-03-14T02:00:00.000Z' },
  });
  expect(r.exitCode, r.stderr).toBe(0);
  return r.json().incident.id;
}

describe('aiops export: usage and failures', () => {
  it('says which incident is missing, exit 2', async () => {
    await startedIncident();
    const r = await aiops(project, ['export', 'INC-2026-9999']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('no incident INC-2026-9999');
  });

  it('rejects an unknown time zone, an unknown format, an empty -o and a device before reading anything, exit 2', async () => {
    const id = await startedIncident();
    const tz = await aiops(project, ['export', id, '--tz', 'Mars/Olympus']);
    expect(tz.exitCode).toBe(2);
    expect(tz.stderr).toContain('--tz Mars/Olympus is not a time zone');
    expect(tz.stderr).toContain('Europe/Berlin');
    const fmt = await aiops(project, ['export', id, '--format', 'pdf']);
    expect(fmt.exitCode).toBe(2);
    expect(fmt.stderr).toContain('--format pdf is not one of md, json, html');
    const json = await aiops(project, ['export', id, '--format', 'html', '--json']);
    expect(json.exitCode).toBe(2);
    // An empty -o (a variable that was not set) is a mistake, not stdout
    const empty = await aiops(project, ['export', id, '-o', '']);
    expect(empty.exitCode).toBe(2);
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toBe('aiops: -o is blank\n  try: name a file, or leave -o out to write to stdout');
    // So is an empty zone, on export and for every command: not silently UTC
    for (const args of [['export', id, '--tz', ''], ['--tz', ' ', 'incident', 'list']]) {
      const zone = await aiops(project, args);
      expect(zone.exitCode, args.join(' ')).toBe(2);
      expect(zone.stdout).toBe('');
      expect(zone.stderr).toBe('aiops: --tz is blank\n  try: name an IANA time zone such as Europe/Berlin, or leave --tz out for $TZ or UTC');
    }
    // And a device (/dev/null, /dev/stdout on a terminal) is not a file to write whole: stdout is the way
    const device = await aiops(project, ['export', id, '-o', '/dev/null', '--force']);
    expect(device.exitCode).toBe(2);
    expect(device.stderr).toContain('/dev/null is not a regular file; -o writes a file whole or not at all');
  });

  it('writes -o FILE whole, takes the format from its extension, and leaves no temp file', async () => {
    const id = await startedIncident();
    const r = await aiops(project, ['export', id, '-o', 'postmortem.html', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const doc = r.json();
    expect(doc).toMatchObject({ ok: true, format: 'html', incident: id });
    const html = readFileSync(join(project.dir, 'postmortem.html'), 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(doc.bytes).toBe(Buffer.byteLength(html));
    expect(readdirSync(project.dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    const md = await aiops(project, ['export', id, '-o', 'pm.md']);
    expect(md.exitCode).toBe(0);
    expect(md.stdout).toContain('wrote pm.md (md, ');
    expect(readFileSync(join(project.dir, 'pm.md'), 'utf8')).toMatch(/^# INC-\d{4}-0001: Invoices leak/);
  });

  it('names the file when -o cannot be written, keeps the old file, and leaves no temp file', async () => {
    const id = await startedIncident();
    // A directory that does not exist, and a target that is a directory (invalid input, refused up front)
    const missing = await aiops(project, ['export', id, '-o', 'no/such/dir/pm.md']);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toBe(`aiops: could not write no/such/dir/pm.md: its directory ${join(project.dir, 'no', 'such', 'dir')} does not exist; nothing was written`);
    mkdirSync(join(project.dir, 'pm.html'));
    const blocked = await aiops(project, ['export', id, '-o', 'pm.html', '--force']);
    expect(blocked.exitCode).toBe(2);
    expect(blocked.stderr).toBe('aiops: pm.html is a directory; -o names the file to write\n  try: name a file in it: -o pm.html/FILE');
    expect(readdirSync(join(project.dir, 'pm.html'))).toEqual([]);
    expect(readdirSync(project.dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('the binary ends as soon as the export is done, its whole document through a pipe and its exit code kept', async () => {
    // Given an incident with enough notes that its export is many times a pipe's buffer
    const id = await startedIncident();
    const notes: NewEvent[] = Array.from({ length: 400 }, (_, i) => ({
      incidentId: id,
      ts: new Date(Date.parse('2026-03-14T02:01:00.000Z') + i * 1000).toISOString(),
      actor: 'alice',
      role: 'commander',
      type: 'note.added',
      payload: { text: `note ${i} ${'x'.repeat(400)}`, attachments: [] },
    }));
    await appendEvents(project.db, notes);
    // When it is exported to stdout (a pipe) and to a file
    const piped = await aiopsSpawned(project, ['export', id, '--format', 'json']);
    const file = await aiopsSpawned(project, ['export', id, '-o', 'pm.json']);
    // Then stdout holds every byte the file does, and both exit 0
    expect(piped.exitCode, piped.stderr).toBe(0);
    expect(file.exitCode, file.stderr).toBe(0);
    expect(Buffer.byteLength(piped.stdout)).toBeGreaterThan(200_000);
    expect(piped.stdout).toBe(readFileSync(join(project.dir, 'pm.json'), 'utf8').trimEnd());
    expect(JSON.parse(piped.stdout).verification.incidentEvents).toBe(JSON.parse(piped.stdout).counts.events);
  });

  it('still exports a tampered log but says verification FAILED with the first bad seq, exit 1', async () => {
    // Given an incident whose second event was edited behind the triggers' back
    const id = await startedIncident();
    // (better-sqlite3 from the install rather than the sqlite3 program, which a fresh machine lacks)
    const raw = new Database(project.db);
    raw.exec("DROP TRIGGER events_no_update; UPDATE events SET payload = replace(payload, 'alice', 'mallory') WHERE seq = 2;");
    raw.close();
    // When it is exported
    const r = await aiops(project, ['export', id]);
    // Then the verification line says so, and the exit code tells scripts
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('**EVIDENCE VERIFICATION FAILED:** first bad seq 2 (hash-mismatch)');
    expect(r.stderr).toContain('failed verification (first bad seq 2)');
    // And the edited event's own row says it, in front of what it claims
    expect(r.stdout).toMatch(/\| \*\*FAILED VERIFICATION \(seq 2, hash-mismatch\):\*\* mallory assigned commander/);
    const html = await aiops(project, ['export', id, '--format', 'html']);
    expect(html.stdout).toContain('<a href="#e2">Go to seq 2</a>');
    expect(html.stdout).toMatch(/<tr id="e2"[^\n]*<td><strong class="failed">FAILED VERIFICATION \(seq 2, hash-mismatch\):<\/strong> mallory assigned commander/);
  });
});

describe('drills export the same way, marked as drills', () => {
  it('marks every format as a drill and shows injects, simulated hooks and the score', async () => {
    // Given a drill incident with an inject, a simulated hook and an end score
    project = makeProject({ withScenarios: false });
    const clock = new ManualClock('2026-03-20T09:00:00.000Z');
    const cwd = process.cwd();
    process.chdir(project.dir);
    const session = await openSession({ cwd: project.dir, env: {}, as: 'alice', clock, project: loadProject({ cwd: project.dir, env: {} }), create: true });
    let id: string;
    try {
      id = (
        await startIncident(session, {
          trigger: 'data_leakage',
          title: 'Tenant B saw Tenant A invoices',
          service: 'assistant-eu',
          drill: { scenario: 'wrong-tenant-leak', title: "Retrieval served another tenant's documents" },
        })
      ).state.id;
      const ev = (type: string, payload: object, s: number) =>
        ({ type, incidentId: id, ts: new Date(Date.parse('2026-03-20T09:00:00.000Z') + s * 1000).toISOString(), actor: 'drill', role: null, payload }) as NewEvent;
      await appendTo(session.log, [ev('drill.inject', { inject: 'pii-alert', kind: 'alert', source: 'output-monitor', summary: 'PII detector fired 12 times in 5m', at: '0s' }, 1)]);
      // A drill's starter facilitates; alice takes commander before approving
      await act(session, id, { kind: 'assign', role: 'commander', person: 'alice', handoff: false });
      clock.set('2026-03-20T09:02:00.000Z');
      await approveStep(session, id, 'pause', {});
      await appendTo(session.log, [ev('drill.ended', { score: 82, early: false, results: [{ id: 'paused', outcome: 'met', weight: 3, tookMs: 120000 }] }, 600)]);
    } finally {
      await session.close();
      process.chdir(cwd);
    }
    for (const format of ['md', 'json', 'html'] as const) {
      // When it is exported
      const r = await aiops(project, ['export', id!, '--format', format]);
      expect(r.exitCode, r.stderr).toBe(0);
      // Then it says DRILL and carries the drill's own events
      expect(r.stdout).toMatch(/DRILL/);
      expect(r.stdout).toContain('wrong-tenant-leak');
      expect(r.stdout).toContain('PII detector fired 12 times in 5m');
      expect(r.stdout).toMatch(/simulated \(drill/);
      if (format === 'json') expect(JSON.parse(r.stdout).incident.drill).toMatchObject({ scenario: 'wrong-tenant-leak', injects: 1, score: 82 });
      else expect(r.stdout).toContain('score 82');
    }
    expect(existsSync(join(project.stateDir, 'feature-flags'))).toBe(false);
  });
});
