import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aiops as aiopsSpawned, type CliResult } from './helpers/cli.js';
// One command at a time, in-process; the alert piped to stdin goes through the spawned binary.
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, REPO, type TempProject } from './helpers/project.js';

const ALERTS = join(REPO, 'fixtures', 'alerts');
const projects: TempProject[] = [];
afterAll(() => projects.forEach((p) => p.cleanup()));

function fresh(extraConfig = ''): TempProject {
  const p = makeProject({ withScenarios: false });
  projects.push(p);
  if (extraConfig) writeFileSync(join(p.dir, 'aiops.yaml'), `${readFileSync(join(p.dir, 'aiops.yaml'), 'utf8')}\n${extraConfig}`);
  return p;
}

function ok(r: CliResult): any {
  expect(r.exitCode, `${r.stderr}\n${r.stdout}`).toBe(0);
  return r.json();
}

const from = (p: TempProject, file: string, extra: string[] = []) => aiops(p, ['incident', 'start', '--from-alert', join(ALERTS, file), '--json', ...extra], { as: 'alice' });
const listAll = async (p: TempProject) => ok(await aiops(p, ['incident', 'list', '--all', '--json'])).incidents as any[];
async function events(p: TempProject, id: string): Promise<any[]> {
  const r = await aiops(p, ['evidence', 'export', id]);
  expect(r.exitCode, r.stderr).toBe(0);
  return r.stdout.trim().split('\n').slice(1).map((l) => JSON.parse(l));
}

describe.concurrent('incident start --from-alert: dedup, resolved, groups', () => {
  it('Alertmanager: repeats of a group join the open incident, resolved is appended and shown, never a second incident', async () => {
    const p = fresh();
    const first = ok(await from(p, 'alertmanager-v4-pii-spike.json'));
    expect(first.outcome).toBe('opened');
    // (a --trigger given with a repeat opens nothing, and says so)
    const again = ok(await from(p, 'alertmanager-v4-pii-spike.json', ['--trigger', 'policy_violation']));
    expect(again).toMatchObject({ outcome: 'appended', incident: { id: first.incident.id, trigger: 'data_leakage', alert: { count: 2, firing: 1, resolvedAt: null } } });
    expect(again.warnings).toEqual([`--trigger not used: the alert joined ${first.incident.id}, which was already open`]);
    const resolved = ok(await from(p, 'alertmanager-v4-pii-spike-resolved.json'));
    expect(resolved).toMatchObject({ outcome: 'resolved', incident: { id: first.incident.id, status: 'open', alert: { count: 3, firing: 0, resolvedAt: '2026-11-26T03:40:00.000Z' } } });
    expect(await listAll(p)).toHaveLength(1);
    const show = await aiops(p, ['incident', 'show', first.incident.id]);
    expect(show.stdout).toContain('source says resolved at 2026-11-26 03:40:00 UTC · 3 notification(s)');
    const md = await aiops(p, ['export', first.incident.id, '--format', 'md']);
    expect(md.stdout).toContain('source says resolved at 2026-11-26T03:40:00.000Z');
    const received = (await events(p, first.incident.id)).filter((e) => e.type === 'alert.received');
    expect(received.map((e) => e.payload.status)).toEqual(['firing', 'resolved']);
    expect(ok(await aiops(p, ['evidence', 'verify', '--json'])).ok).toBe(true);
  });

  it('a resolved notification with nothing open opens nothing and writes nothing', async () => {
    const p = fresh();
    const r = ok(await from(p, 'alertmanager-v4-pii-spike-resolved.json'));
    expect(r).toMatchObject({ outcome: 'ignored', incident: null });
    const pd = ok(await from(p, 'pagerduty-v3-incident-resolved.json'));
    expect(pd).toMatchObject({ outcome: 'ignored', incident: null });
    expect(await listAll(p)).toEqual([]);
  });

  it('a group of three alerts: each recorded with its own labels, two firing', async () => {
    const p = fresh();
    const r = ok(await from(p, 'alertmanager-v4-grouped.json'));
    expect(r.incident.alert.firing).toBe(2);
    expect(r.incident.alert.alerts.map((a: any) => [a.status, a.labels.tool])).toEqual([['firing', 'issue_refund'], ['firing', 'delete_account'], ['resolved', 'send_email']]);
    const show = await aiops(p, ['incident', 'show', r.incident.id]);
    expect(show.stdout).toContain('2 of 3 alert(s) firing');
    expect(show.stdout).toMatch(/resolved +alertname=ToolCallAnomaly .*tool=send_email/);
  });

  it('Grafana unified alerting (webhook version 1) opens an incident as a Grafana alert', async () => {
    const p = fresh();
    const r = ok(await from(p, 'grafana-unified-alerting.json'));
    expect(r.incident).toMatchObject({ trigger: 'cost_spike', service: 'assistant-eu', title: 'Token spend is 6x baseline', alert: { format: 'grafana' } });
    expect(r.incident.selection.reason).toContain('from a Grafana alert (triggers: mapping #3)');
    expect(ok(await from(p, 'grafana-unified-alerting.json')).outcome).toBe('appended');
  });

  it('PagerDuty: triggered opens, priority_updated and resolved join it by incident id', async () => {
    const p = fresh();
    const opened = ok(await from(p, 'pagerduty-v3-incident-triggered.json'));
    const prio = ok(await from(p, 'pagerduty-v3-incident-priority-updated.json'));
    const resolved = ok(await from(p, 'pagerduty-v3-incident-resolved.json'));
    expect([prio.incident.id, resolved.incident.id]).toEqual([opened.incident.id, opened.incident.id]);
    expect(resolved.incident.alert).toMatchObject({ key: 'pagerduty:Q3J0SLJVKQW3PF', count: 3, resolvedAt: '2026-11-26T03:55:12.000Z' });
    const types = (await events(p, opened.incident.id)).filter((e) => e.type === 'alert.received').map((e) => e.payload.eventType);
    expect(types).toEqual(['incident.priority_updated', 'incident.resolved']);
  });

  it('a generic alert_sources: mapping reads Opsgenie by JSON path, dedups by a dedup: template, takes severity from the alert, matches status', async () => {
    const p = fresh(`
alert_sources:
  - name: opsgenie
    match: {integrationName: aiops webhook}
    labels: {alertname: alert.alias, service: alert.details.service, priority: alert.priority, action: action}
    title: alert.message
    resolved: {from: action, values: [Close]}
`);
    // the shipped triggers list gets one more mapping, for this source
    const cfg = readFileSync(join(p.dir, 'aiops.yaml'), 'utf8').replace(
      'triggers:\n',
      'triggers:\n  - match: {format: opsgenie, status: firing, alertname: pii-spike-assistant-eu}\n    trigger: output_spike\n    service: "{{labels.service}}"\n    dedup: "{{labels.alertname}}/{{labels.service}}"\n    severity: {from: labels.priority, map: {P1: SEV1, P3: SEV3}}\n',
    );
    writeFileSync(join(p.dir, 'aiops.yaml'), cfg);
    const r = ok(await from(p, 'opsgenie-create.json'));
    expect(r.incident).toMatchObject({ trigger: 'output_spike', service: 'assistant-eu', title: 'PII detector fired 12 times in 5m', severity: 'SEV1', alert: { format: 'generic', source: 'opsgenie', key: 'dedup:pii-spike-assistant-eu/assistant-eu' } });
    expect(r.incident.selection.reason).toContain(`severity SEV1 read from the alert's labels.priority "P1" (more severe than SEV2, implied by trigger output_spike)`);
    expect(ok(await from(p, 'opsgenie-create.json')).outcome).toBe('appended');
    // status: resolved does not match the firing-only mapping, yet it joins the open incident by its key
    expect(ok(await from(p, 'opsgenie-close.json'))).toMatchObject({ outcome: 'resolved', incident: { id: r.incident.id } });
    expect(await listAll(p)).toHaveLength(1);
  });

  it('a template naming a missing field: a warning at start, an error in playbook validate --format config', async () => {
    const p = fresh();
    const cfg = readFileSync(join(p.dir, 'aiops.yaml'), 'utf8').replace('    service: "{{labels.service}}"\n', '    service: "{{labels.service}}"\n    title: "usage ({{label.tenant}})"\n');
    writeFileSync(join(p.dir, 'aiops.yaml'), cfg);
    const start = await aiops(p, ['incident', 'start', '--from-alert', join(ALERTS, 'alertmanager-v4-pii-spike.json')], { as: 'alice' });
    expect(start.exitCode, start.stderr).toBe(0);
    expect(start.stderr).toContain('warning: triggers: mapping #1 title "usage ({{label.tenant}})" names {{label.tenant}}, which this alertmanager alert does not have');
    const v = await aiops(p, ['playbook', 'validate', '--format', 'config', 'aiops.yaml']);
    expect(v.exitCode).toBe(2);
    expect(v.stdout + v.stderr).toMatch(/aiops\.yaml:\d+:\d+.*title names \{\{label\.tenant\}\}, which no alert has/);
  });

  it('serve.on_open and notify.hook naming no hook are errors in playbook validate --format config, with their place', async () => {
    // Given aiops.yaml whose serve and paging name hooks it does not define
    const p = fresh();
    writeFileSync(join(p.dir, 'aiops.yaml'), `${readFileSync(join(p.dir, 'aiops.yaml'), 'utf8')}\nserve:\n  on_open: [pause-feature, page-oncall]\nnotify:\n  hook: page-everyone\n`);
    const v = await aiops(p, ['playbook', 'validate', '--format', 'config', 'aiops.yaml']);
    // Then validate says so (serve refused to start on it; validate said ok)
    expect(v.exitCode).toBe(2);
    expect(v.stdout + v.stderr).toMatch(/aiops\.yaml:\d+:\d+: serve\.on_open names hook "page-oncall", which aiops\.yaml does not define/);
    expect(v.stdout + v.stderr).toMatch(/aiops\.yaml:\d+:\d+: notify\.hook names hook "page-everyone", which aiops\.yaml does not define/);
    expect(v.stdout + v.stderr).not.toContain('"pause-feature"');
  });

  it('unknown shapes stay exit 2; the stored payload comes back byte for byte, BOM included', async () => {
    const p = fresh();
    const unknown = await aiopsSpawned(p, ['incident', 'start', '--from-alert', '-'], { as: 'alice', input: '{"hello": "world"}' });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('not an alert aiops understands');
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(join(ALERTS, 'alertmanager-v4-pii-spike.json'))]);
    writeFileSync(join(p.dir, 'bom.json'), bom);
    const r = ok(await aiops(p, ['incident', 'start', '--from-alert', 'bom.json', '--json'], { as: 'alice' }));
    const sha = createHash('sha256').update(bom).digest('hex');
    expect(r.incident.alert.attachment).toEqual({ sha256: sha, name: 'alert-alertmanager.json', size: bom.length });
    const out = await aiops(p, ['evidence', 'attachment', sha, '-o', 'back.json']);
    expect(out.exitCode, out.stderr).toBe(0);
    expect(readFileSync(join(p.dir, 'back.json')).equals(bom)).toBe(true);
    const missing = await aiops(p, ['evidence', 'attachment', 'f'.repeat(64)]);
    expect(missing.exitCode).toBe(2);
  });
});

describe.concurrent('late and reordered deliveries: each alert follows the source\'s own time', () => {
  /** A fixture with some fields changed, written into the project (webhooks are retried and reordered). */
  function variant(p: TempProject, file: string, name: string, change: (doc: any) => void): string {
    const doc = JSON.parse(readFileSync(join(ALERTS, file), 'utf8'));
    change(doc);
    const path = join(p.dir, name);
    writeFileSync(path, JSON.stringify(doc));
    return path;
  }
  const fromFile = (p: TempProject, path: string) => aiops(p, ['incident', 'start', '--from-alert', path, '--json'], { as: 'alice' });

  it('PagerDuty: a priority update older than the resolve is recorded but leaves the alert resolved; only a re-trigger fires it again', async () => {
    const p = fresh();
    const opened = ok(await from(p, 'pagerduty-v3-incident-triggered.json'));
    ok(await from(p, 'pagerduty-v3-incident-resolved.json'));
    // occurred_at 03:25, before the resolve's 03:55: a late delivery
    const late = ok(await from(p, 'pagerduty-v3-incident-priority-updated.json'));
    expect(late).toMatchObject({ outcome: 'appended', incident: { id: opened.incident.id, alert: { count: 3, firing: 0, resolvedAt: '2026-11-26T03:55:12.000Z' } } });
    const show = await aiops(p, ['incident', 'show', opened.incident.id]);
    expect(show.stdout).toContain('source says resolved at 2026-11-26 03:55:12 UTC · 3 notification(s)');
    const received = (await events(p, opened.incident.id)).filter((e) => e.type === 'alert.received');
    expect(received.at(-1).payload).toMatchObject({ eventType: 'incident.priority_updated', status: 'resolved', firing: 0, kept: 1 });
    const raw = readFileSync(join(ALERTS, 'pagerduty-v3-incident-priority-updated.json'));
    expect(received.at(-1).payload.attachment.sha256).toBe(createHash('sha256').update(raw).digest('hex'));

    // newer than the resolve, yet no re-trigger: still resolved
    const newer = variant(p, 'pagerduty-v3-incident-priority-updated.json', 'prio-later.json', (d) => { d.event.id = 'later-prio'; d.event.occurred_at = '2026-11-26T04:10:00.000Z'; });
    expect(ok(await fromFile(p, newer))).toMatchObject({ outcome: 'appended', incident: { alert: { firing: 0, resolvedAt: '2026-11-26T03:55:12.000Z' } } });
    // an explicit re-trigger after the resolve fires it again
    const reopened = variant(p, 'pagerduty-v3-incident-triggered.json', 'reopened.json', (d) => { d.event.id = 'reopen'; d.event.event_type = 'incident.reopened'; d.event.occurred_at = '2026-11-26T04:20:00.000Z'; });
    expect(ok(await fromFile(p, reopened))).toMatchObject({ outcome: 'appended', incident: { alert: { firing: 1, resolvedAt: null } } });
  });

  it('Alertmanager: a firing repeat older than the endsAt it resolved at does not re-fire; a later startsAt does, and a late resolved does not undo that', async () => {
    const p = fresh();
    const opened = ok(await from(p, 'alertmanager-v4-pii-spike.json'));
    ok(await from(p, 'alertmanager-v4-pii-spike-resolved.json'));
    // startsAt 03:12, endsAt 03:40 known: the firing repeat is a late delivery
    const late = ok(await from(p, 'alertmanager-v4-pii-spike.json'));
    expect(late).toMatchObject({ outcome: 'appended', incident: { id: opened.incident.id, alert: { count: 3, firing: 0, resolvedAt: '2026-11-26T03:40:00.000Z' } } });
    const refired = variant(p, 'alertmanager-v4-pii-spike.json', 'refired.json', (d) => { d.alerts[0].startsAt = '2026-11-26T03:50:00.000Z'; });
    expect(ok(await fromFile(p, refired))).toMatchObject({ outcome: 'appended', incident: { alert: { count: 4, firing: 1, resolvedAt: null } } });
    const lateResolved = ok(await from(p, 'alertmanager-v4-pii-spike-resolved.json'));
    expect(lateResolved).toMatchObject({ outcome: 'appended', incident: { alert: { count: 5, firing: 1, resolvedAt: null } } });
  });
});
