import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { aiops, type CliResult } from './helpers/cli.js';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { makeProject, REPO, type TempProject } from './helpers/project.js';

const ALERTS = join(REPO, 'fixtures', 'alerts');
const projects: TempProject[] = [];
afterAll(() => projects.forEach((p) => p.cleanup()));

function storedAttachments(db: string): number {
  const d = new Database(db, { readonly: true });
  try {
    return (d.prepare('SELECT count(*) AS n FROM attachments').get() as { n: number }).n;
  } finally {
    d.close();
  }
}

/** Each test its own copy of the shipped project and its own database (tests run concurrently). */
function fresh(): TempProject {
  const p = makeProject({ withScenarios: false });
  projects.push(p);
  return p;
}

function ok(r: CliResult): any {
  expect(r.exitCode, `${r.stderr}\n${r.stdout}`).toBe(0);
  return r.json();
}

/**
 * Tests about one command at a time run the commander program in this process (no Node start-up per
 * command); concurrent starts and an alert read from stdin spawn the binary.
 */
const cli = aiopsInProcess;

async function exportLog(p: TempProject, id: string): Promise<any[]> {
  const r = await cli(p, ['evidence', 'export', id]);
  expect(r.exitCode, r.stderr).toBe(0);
  return r.stdout.trim().split('\n').slice(1).map((l) => JSON.parse(l));
}

describe.concurrent('starting an incident', () => {
  it('several playbooks answer a trigger: the most severe wins and the choice is logged', async () => {
    const project = fresh();
    // Given a second playbook answering latency_anomaly at SEV2 (output-spike says SEV3)
    const spike = readFileSync(join(project.dir, 'playbooks', 'output-spike.yaml'), 'utf8');
    writeFileSync(
      join(project.dir, 'playbooks', 'latency-slo.yaml'),
      spike.replace(/^id: output-spike$/m, 'id: latency-slo').replace(/triggers:\n(?: {2}- .*\n)+/, 'triggers:\n  - {id: latency_anomaly, severity: SEV2}\n'),
    );
    // When alice starts by trigger
    const r = ok(await cli(project, ['incident', 'start', '--trigger', 'latency_anomaly', '--json'], { as: 'alice' }));
    // Then latency-slo (SEV2) is chosen over output-spike (SEV3), and incident.opened says why
    expect(r.incident).toMatchObject({ severity: 'SEV2', playbook: { id: 'latency-slo' } });
    const opened = (await exportLog(project, r.incident.id))[0];
    expect(opened.payload.selection.candidates).toEqual(['latency-slo@1.0.0 (SEV2)', 'output-spike@1.0.0 (SEV3)']);
    expect(opened.payload.selection.reason).toContain('2 playbooks answer it; took the most severe');
    const human = await cli(project, ['incident', 'show', r.incident.id], { as: 'alice' });
    expect(human.stdout).toContain('chosen: trigger latency_anomaly: 2 playbooks answer it; took the most severe');
  });

  it('ids are INC-YYYY-NNNN from the injected clock, unique under concurrent starts', async () => {
    const project = fresh();
    const env = { AIOPS_NOW: '2031-02-03T04:05:06Z' };
    const runs = await Promise.all(
      ['alice', 'bob', 'carol', 'dan', 'erin'].map((as) => aiops(project, ['incident', 'start', '--trigger', 'output_spike', '--json'], { as, env })),
    );
    const ids = runs.map((r) => ok(r).incident.id as string).sort();
    expect(ids).toEqual(['INC-2031-0001', 'INC-2031-0002', 'INC-2031-0003', 'INC-2031-0004', 'INC-2031-0005']);
    const verify = await aiopsInProcess(project, ['evidence', 'verify', '--json']);
    expect(verify.json()).toMatchObject({ ok: true, events: expect.any(Number) });
  });

  it('the playbook is pinned: editing the file mid-incident changes nothing for it', async () => {
    const project = fresh();
    const file = join(project.dir, 'playbooks', 'policy-violation.yaml');
    const started = ok(await cli(project, ['incident', 'start', '--trigger', 'policy_violation', '--json'], { as: 'alice' })).incident;
    const id = started.id;
    // When someone edits the playbook in place: one approver, a step removed, a title changed
    const original = readFileSync(file, 'utf8');
    const edited = original.replace('approve: [commander, reviewer]', 'approve: [commander]').replace(/\n {2}- id: monitor\n(?: {4}.*\n|\n)*?(?=\n {2}- id:)/, '\n').replace('title: Roll the prompt back to the previous version', 'title: EDITED');
    expect(edited).not.toBe(original);
    writeFileSync(file, edited);
    // Then the running incident still follows the pinned text
    const after = ok(await cli(project, ['incident', 'show', id, '--json'], { as: 'alice' })).incident;
    expect(after.playbook).toEqual(started.playbook);
    expect(after.steps.map((s: any) => [s.id, s.title, s.needs])).toEqual(started.steps.map((s: any) => [s.id, s.title, s.needs]));
    expect(after.steps.find((s: any) => s.id === 'rollback').needs).toEqual(['commander', 'reviewer']);
    ok(await cli(project, ['incident', 'assign', id, 'reviewer', 'bob', '--json'], { as: 'alice' }));
    const one = ok(await cli(project, ['incident', 'approve', id, 'rollback', '--json'], { as: 'alice' }));
    expect(one.missing).toEqual(['reviewer']);
    // and the pinned content is in incident.opened, hashed to the pin
    const opened = (await exportLog(project, id))[0];
    expect(opened.payload.playbookContent.steps.map((s: any) => s.id)).toContain('monitor');
    // A new incident after the edit pins the new content: same id@version, different sha256
    const later = ok(await cli(project, ['incident', 'start', '--trigger', 'policy_violation', '--json'], { as: 'alice' })).incident;
    expect(later.playbook.version).toBe(started.playbook.version);
    expect(later.playbook.sha256).not.toBe(started.playbook.sha256);
    expect(later.steps.map((s: any) => s.id)).not.toContain('monitor');
  });

  // Issue 17 reverses what this test held (a starter outside the roster became commander with a
  // warning): with a roster, identity is the roster, so a stranger may not start or act.
  it('refuses a starter who is not in the roster, and takes names case-insensitively', async () => {
    const project = fresh();
    const r = await cli(project, ['incident', 'start', '--trigger', 'data_leakage'], { as: 'zed' });
    expect(r.exitCode, r.stderr).toBe(3);
    expect(r.stderr).toContain('zed is not in the roster');
    expect(r.stderr).toContain('act as one of them (alice, bob, carol, …) with --as NAME or AIOPS_USER=NAME');
    const upper = await cli(project, ['incident', 'start', '--trigger', 'data_leakage', '--json'], { as: 'Alice' });
    expect(upper.exitCode, upper.stderr).toBe(0);
    const id = upper.json().incident.id as string;
    // Alice and alice are one person: the two-person rule is not met by changing case
    const show = await cli(project, ['incident', 'show', id]);
    expect(show.stdout).toMatch(/commander\s+alice\b/);
    const stranger = await cli(project, ['incident', 'note', id, 'hi'], { as: 'zed' });
    expect(stranger.exitCode).toBe(3);
    // request clears a denial: it needs a role
    const req = await cli(project, ['incident', 'request', id, 'pause'], { as: 'bob' });
    expect(req.exitCode).toBe(3);
    expect(req.stderr).toContain('bob holds no role');
  });

  it('refuses anyone acting when the roster lists no people (exit 2, naming the file), and writes nothing; reading stays open', async () => {
    // Given a project with an incident, whose roster is then emptied
    const project = fresh();
    const started = await cli(project, ['incident', 'start', '--trigger', 'data_leakage', '--json'], { as: 'alice' });
    expect(started.exitCode, started.stderr).toBe(0);
    const id = started.json().incident.id as string;
    writeFileSync(join(project.dir, 'roster.yaml'), 'people: {}\n');
    const head = async () => (await cli(project, ['evidence', 'head', '--json'])).json().head.seq as number;
    const before = await head();
    // When a stranger starts an incident, or notes on the one there is
    for (const args of [['incident', 'start', '--title', 'x'], ['incident', 'note', id, 'hi']]) {
      const r = await cli(project, args, { as: 'mallory' });
      // Then it is refused as a broken roster, saying to add people, and nothing is written
      expect(r.exitCode, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('aiops: roster.yaml: the roster lists no people, so nobody may act on incidents');
      expect(r.stderr).toContain('try: add people to it');
      expect(r.stdout).not.toContain('commander mallory');
    }
    expect(await head()).toBe(before);
    // But reading is not acting
    expect((await cli(project, ['incident', 'show', id])).exitCode).toBe(0);
  });
});

describe.concurrent('a blank title or service', () => {
  it.each([
    [['--service', ''], '--service is blank'],
    [['--service', '   '], '--service is blank'],
    [['--title', ' '], '--title is blank'],
  ])('%j is refused with exit 2, like a title that says nothing, and writes nothing', async (given, message) => {
    // Given a fresh project
    const project = fresh();
    // When an incident is started with the option given blank (with a trigger, so the rest would do)
    const r = await cli(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', ...given], { as: 'alice' });
    // Then it is refused as bad input, and no incident exists
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stderr).toContain(`aiops: ${message}`);
    expect(r.stdout).toBe('');
    const list = await cli(project, ['incident', 'list', '--all', '--json']);
    expect(list.exitCode === 0 ? list.json().incidents : []).toEqual([]);
    // And with --from-alert too, before the alert is stored
    const alerted = await cli(project, ['incident', 'start', '--from-alert', join(ALERTS, 'alertmanager-v4-pii-spike.json'), ...given], { as: 'alice' });
    expect(alerted.exitCode, alerted.stderr).toBe(2);
    expect(existsSync(project.db) ? storedAttachments(project.db) : 0).toBe(0);
  });

  it('an alert whose service label is blank opens on service "unspecified", as when it has none', async () => {
    const project = fresh();
    const doc = JSON.parse(readFileSync(join(ALERTS, 'alertmanager-v4-pii-spike.json'), 'utf8'));
    doc.alerts[0].labels.service = '  ';
    doc.commonLabels.service = '  ';
    const r = ok(await aiops(project, ['incident', 'start', '--from-alert', '-', '--json'], { as: 'alice', input: JSON.stringify(doc) }));
    expect(r.incident.service).toBe('unspecified');
    expect(r.incident.title).toBe('PII detector fired 12 times in 5m on assistant-eu');
  });
});

describe.concurrent('--from-alert', () => {
  it('attaches the raw Alertmanager payload as evidence, byte for byte, read from stdin', async () => {
    const project = fresh();
    const raw = readFileSync(join(ALERTS, 'alertmanager-v4-pii-spike.json'));
    const r = ok(await aiops(project, ['incident', 'start', '--from-alert', '-', '--json'], { as: 'alice', input: raw.toString('utf8') }));
    expect(r.incident.alert.attachment).toEqual({ sha256: createHash('sha256').update(raw).digest('hex'), name: 'alert-alertmanager.json', size: raw.length });
    expect(r.incident.selection.reason).toContain('from an Alertmanager alert (triggers: mapping #1)');
  });

  it('says stdin is empty, not that it is not JSON, when nothing was piped in', async () => {
    const project = fresh();
    const r = await aiops(project, ['incident', 'start', '--from-alert', '-'], { as: 'alice', input: '' });
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stderr).toContain('stdin is empty: an alert payload is one JSON document');
  });

  it.each([
    ['grafana-legacy-alert.json', 'not an alert aiops understands'],
    ['alertmanager-v3.json', 'Alertmanager webhook version "3" is not supported'],
    ['pagerduty-v2-webhook.json', 'looks like a PagerDuty v2 webhook'],
    ['truncated.json', 'not JSON'],
    ['alertmanager-v4-unmapped.json', 'no triggers: mapping in aiops.yaml matches this alertmanager alert'],
  ])('%s is a clear exit-2 error and writes nothing', async (file, message) => {
    const project = fresh();
    const r = await cli(project, ['incident', 'start', '--from-alert', join(ALERTS, file)], { as: 'alice' });
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stderr).toContain(message);
    const list = await cli(project, ['incident', 'list', '--all', '--json']);
    expect(list.exitCode === 0 ? list.json().incidents : []).toEqual([]);
  });
});

describe.concurrent('time, status and the --json shape', () => {
  it('overdue comes from the injected clock, is shown, and is logged once', async () => {
    const project = fresh();
    const at = (iso: string) => ({ as: 'alice', env: { AIOPS_NOW: iso } });
    const id = ok(await cli(project, ['incident', 'start', '--trigger', 'data_leakage', '--json'], at('2020-01-01T00:00:00Z'))).incident.id;
    // Far in the past: nothing overdue, nothing logged
    const past = ok(await cli(project, ['incident', 'show', id, '--json'], at('2019-06-01T00:00:00Z'))).incident;
    expect(past.steps.filter((s: any) => s.overdue)).toEqual([]);
    // Seven minutes in: assign-roles (5m) is overdue, shown, logged; a second look logs nothing new
    const human = await cli(project, ['incident', 'show', id], at('2020-01-01T00:07:00Z'));
    expect(human.stdout).toMatch(/assign-roles .* OVERDUE by (1m5\ds|2m0\ds)/);
    await cli(project, ['incident', 'show', id], at('2020-01-01T00:08:00Z'));
    // Far in the future: every step with a due time is overdue
    const future = ok(await cli(project, ['incident', 'show', id, '--json'], at('2040-01-01T00:00:00Z'))).incident;
    expect(future.steps.filter((s: any) => s.overdue).map((s: any) => s.id)).toEqual(future.steps.filter((s: any) => s.dueAt).map((s: any) => s.id));
    const overdue = (await exportLog(project, id)).filter((e) => e.type === 'step.overdue').map((e) => [e.payload.step, e.ts.slice(0, 4)]);
    expect(overdue[0]).toEqual(['assign-roles', '2020']);
    expect(new Set(overdue.map(([s]) => s)).size).toBe(overdue.length);
    expect(overdue.slice(1).every(([, y]) => y === '2040')).toBe(true);
  });

  it('close needs a summary, reopen is an event, and the --json view has its documented version-1 shape', async () => {
    const project = fresh();
    const run = (...args: string[]) => cli(project, ['incident', ...args, '--json'], { as: 'alice' });
    const id = ok(await run('start', '--trigger', 'output_spike')).incident.id;
    ok(await run('status', id, 'resolved'));
    const noSummary = await run('status', id, 'closed');
    expect(noSummary.exitCode).toBe(2);
    expect(noSummary.json().error).toMatchObject({ kind: 'invalid-input', message: expect.stringContaining('closing needs a summary') });
    ok(await run('close', id, '--summary', 'false alarm'));
    const closedNote = await run('step', id, 'triage', '--done');
    expect(closedNote.exitCode).toBe(3);
    expect(closedNote.json().error).toMatchObject({ kind: 'refused', rule: 'incident.closed' });
    const reopened = ok(await run('status', id, 'open', '--reason', 'spend spiked again')).incident;
    expect(reopened.statusHistory.map((h: any) => h.to)).toEqual(['open', 'resolved', 'closed', 'open']);
    expect(Object.keys(reopened)).toEqual([
      'version', 'id', 'title', 'service', 'severity', 'trigger', 'status', 'drill', 'playbook', 'selection', 'alert',
      'openedAt', 'openedBy', 'context', 'roles', 'roleHistory', 'current', 'path', 'steps', 'notes', 'severityHistory',
      'statusHistory', 'summary', 'refusals', 'overrides', 'events', 'lastSeq',
    ]);
    expect(reopened.version).toBe(1);
    expect(Object.keys(reopened.steps[0])).toEqual([
      'id', 'kind', 'title', 'owner', 'status', 'display', 'overdue', 'dueAt', 'option', 'doneAt', 'doneBy', 'skipReason',
      'hook', 'argv', 'command', 'needs', 'requestedAt', 'approvals', 'lapsed', 'missing', 'denied', 'runs',
    ]);
    expect(Object.keys(reopened.roles.commander)).toEqual(['person', 'since', 'source', 'contact', 'backups']);
  });
});
