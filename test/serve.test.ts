import { createHmac } from 'node:crypto';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { aiops } from './helpers/cli.js';
// What serve wrote is read back in-process; serve itself, and its refusals before listening, run the binary.
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { patience } from './helpers/patience.js';
import { makeProject, REPO, type TempProject } from './helpers/project.js';
import { killServes, type Served as Server, startServe } from './helpers/serve.js';

const ALERTS = join(REPO, 'fixtures', 'alerts');
const TOKEN = 'serve-test-token-7f3a';
const PD_SECRET = 'pd-signing-secret';
const projects: TempProject[] = [];
afterAll(() => {
  killServes();
  projects.forEach((p) => p.cleanup());
});

const serve = (p: TempProject) => startServe(p, { AIOPS_SERVE_TOKEN: TOKEN, AIOPS_PAGERDUTY_SECRET: PD_SECRET });

const fixture = (name: string) => readFileSync(join(ALERTS, name));

function fresh(extraConfig = ''): TempProject {
  const p = makeProject({ withScenarios: false });
  projects.push(p);
  if (extraConfig) writeFileSync(join(p.dir, 'aiops.yaml'), `${readFileSync(join(p.dir, 'aiops.yaml'), 'utf8')}\n${extraConfig}`);
  return p;
}

const post = (s: Server, body: Buffer | string, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) =>
  fetch(`${s.url}/alerts`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

async function eventCount(p: TempProject): Promise<number> {
  const r = await aiopsInProcess(p, ['evidence', 'verify', '--json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return r.json().events;
}

describe.concurrent('aiops serve', () => {
  it('takes every supported shape, dedups repeats, never opens on resolved, answers retries the same, refuses bad tokens and huge bodies, stops on SIGTERM', async () => {
    const p = fresh(`
alert_sources:
  - name: opsgenie
    match: {integrationName: aiops webhook}
    labels: {alertname: alert.alias, service: alert.details.service}
    title: alert.message
    resolved: {from: action, values: [Close]}
    key: alert.alertId
serve:
  on_open: [page-oncall]
`);
    // an on-open hook: fired through the hook runner when an incident opens
    writeFileSync(join(p.dir, 'aiops.yaml'), readFileSync(join(p.dir, 'aiops.yaml'), 'utf8')
      .replace('hooks:\n', 'hooks:\n  page-oncall:\n    command: [./fixtures/hooks/feature-flag.sh, disable, --tenant, "{{incident.service}}", --incident, "{{incident.id}}"]\n    env: [AIOPS_STATE_DIR]\n')
      .replace('triggers:\n', 'triggers:\n  - match: {format: opsgenie, alertname: pii-spike-assistant-eu}\n    trigger: data_leakage\n'));
    const s = await serve(p);
    expect(await (await fetch(`${s.url}/healthz`)).json()).toEqual({ ok: true, db: 'ok' });

    // Alertmanager: firing opens (201), the same bytes again is the same answer and writes nothing
    const am = await post(s, fixture('alertmanager-v4-pii-spike.json'));
    expect(am.status).toBe(201);
    const opened = (await am.json()) as any;
    // (serve requests the on_open hook's approval after it answers, and logs it once written: count after that)
    const onOpenLogged = () => s.stderr().match(/: on_open hook page-oncall waits for approval/g)?.length ?? 0;
    await vi.waitFor(() => expect(onOpenLogged()).toBe(1), { timeout: patience(10_000), interval: 50 });
    const before = await eventCount(p);
    const retry = await post(s, fixture('alertmanager-v4-pii-spike.json'));
    expect([retry.status, ((await retry.json()) as any).incident]).toEqual([201, opened.incident]);
    expect(await eventCount(p)).toBe(before);
    // a repeat with other bytes (a later evaluation) joins the open incident
    const repeat = JSON.parse(fixture('alertmanager-v4-pii-spike.json').toString('utf8'));
    repeat.alerts[0].annotations.summary = 'PII detector fired 15 times in 5m on assistant-eu';
    expect(await (await post(s, JSON.stringify(repeat))).json()).toMatchObject({ outcome: 'appended', incident: opened.incident, count: 2 });
    const resolved = await post(s, fixture('alertmanager-v4-pii-spike-resolved.json'));
    expect(await resolved.json()).toMatchObject({ outcome: 'resolved', incident: opened.incident, resolvedAt: '2026-11-26T03:40:00.000Z' });

    // resolved with nothing open: 202, nothing recorded
    const pdResolved = fixture('pagerduty-v3-incident-resolved.json');
    const sign = (b: Buffer) => `v1=${createHmac('sha256', PD_SECRET).update(b).digest('hex')}`;
    const lone = await post(s, pdResolved, { 'x-pagerduty-signature': sign(pdResolved) });
    expect([lone.status, ((await lone.json()) as any).outcome]).toEqual([202, 'ignored']);
    // PagerDuty signed with the HMAC (no bearer): triggered opens, resolved joins it
    const pd = fixture('pagerduty-v3-incident-triggered.json');
    const pdOpened = (await (await post(s, pd, { 'x-pagerduty-signature': sign(pd) })).json()) as any;
    expect(pdOpened.outcome).toBe('opened');
    expect(await (await post(s, pdResolved, { 'x-pagerduty-signature': `v1=${'0'.repeat(64)},${sign(pdResolved)}` })).json()).toMatchObject({ outcome: 'resolved', incident: pdOpened.incident });
    // a priority update sent before the resolve (occurred_at 03:25) and delivered after it: recorded, still resolved
    const pdLate = fixture('pagerduty-v3-incident-priority-updated.json');
    expect(await (await post(s, pdLate, { 'x-pagerduty-signature': sign(pdLate) })).json()).toMatchObject({ outcome: 'appended', incident: pdOpened.incident, count: 3, firing: 0, resolvedAt: '2026-11-26T03:55:12.000Z' });
    // Grafana unified and the Opsgenie mapping
    expect(await (await post(s, fixture('grafana-unified-alerting.json'))).json()).toMatchObject({ outcome: 'opened' });
    const og = (await (await post(s, fixture('opsgenie-create.json'))).json()) as any;
    expect(og.outcome).toBe('opened');
    expect(await (await post(s, fixture('opsgenie-close.json'))).json()).toMatchObject({ outcome: 'resolved', incident: og.incident });

    // refused: bad token, bad signature, unknown shape, a 10 MB body; none of them writes
    // (counted once the on_open requests of the four incidents opened above are written)
    await vi.waitFor(() => expect(onOpenLogged()).toBe(4), { timeout: patience(10_000), interval: 50 });
    const written = await eventCount(p);
    const bad = await post(s, fixture('alertmanager-v4-grouped.json'), { authorization: 'Bearer wrong' });
    expect(bad.status).toBe(401);
    expect((await post(s, pd, { 'x-pagerduty-signature': `v1=${'a'.repeat(64)}` })).status).toBe(401);
    expect((await post(s, '{"hello":"world"}')).status).toBe(422);
    const huge = await post(s, Buffer.alloc(10 * 1024 * 1024, 0x20)).catch((err: Error) => err);
    // Refused before the body is read: the answer is 413 (or the connection closes under the upload)
    // (the server logs its answer after the client saw the connection close: wait for the line)
    if (huge instanceof Error) await vi.waitFor(() => expect(s.stderr()).toContain('POST /alerts 413'), { timeout: 10_000, interval: 50 });
    else expect(huge.status).toBe(413);
    expect(await eventCount(p)).toBe(written);

    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    const lines = s.stderr().split('\n').filter((l) => / (GET|POST) \//.test(l));
    expect(lines.length).toBe(16);
    const list = (await aiopsInProcess(p, ['incident', 'list', '--all', '--json'])).json().incidents as any[];
    expect(list).toHaveLength(4);
    expect(list.map((i) => i.id)).toEqual(expect.arrayContaining([opened.incident, pdOpened.incident, og.incident]));
    // the on_open hook went through the same approvals as `aiops hook run`: outside a step it needs the
    // commander, so it is requested (logged) and waits; nothing ran unapproved
    const exp = await aiopsInProcess(p, ['evidence', 'export', opened.incident]);
    const logged = exp.stdout.split('\n').slice(1).filter(Boolean).map((l) => JSON.parse(l));
    expect(logged.filter((e) => e.type === 'approval.requested').map((e) => e.payload.step)).toEqual(['hook:page-oncall']);
    expect(logged.filter((e) => e.type === 'hook.started' || e.type === 'hook.finished')).toEqual([]);
    expect(s.stderr()).toContain(`${opened.incident}: on_open hook page-oncall waits for approval`);
  });

  it('refuses someone not in the roster before listening (exit 3), as acting commands do', async () => {
    const p = fresh();
    const env = { AIOPS_SERVE_TOKEN: TOKEN };
    const mallory = await aiops(p, ['serve', '--listen', '127.0.0.1:0'], { as: 'mallory', env });
    expect([mallory.exitCode, mallory.stdout]).toEqual([3, '']);
    expect(mallory.stderr).toContain('mallory is not in the roster');
  });

  it('names an address another program listens on, before listening (exit 2, not a bug)', async () => {
    const p = fresh();
    const env = { AIOPS_SERVE_TOKEN: TOKEN };
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = busy.address() as AddressInfo;
      const taken = await aiops(p, ['serve', '--listen', `127.0.0.1:${port}`], { as: 'alice', env });
      expect([taken.exitCode, taken.stdout]).toEqual([2, '']);
      expect(taken.stderr).toContain(`127.0.0.1:${port} is already in use (another program listens there); pick another --listen`);
      expect(taken.stderr).not.toContain('bug in aiops');
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });

  it('kill -9 with requests in flight leaves nothing half-written: verify ok, every 2xx is an incident', async () => {
    const p = fresh();
    const s = await serve(p);
    const base = JSON.parse(fixture('alertmanager-v4-pii-spike.json').toString('utf8'));
    // one request stays half-sent: headers and part of the body, never ended
    const half = request(`${s.url}/alerts`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-length': '5000' } });
    half.on('error', () => undefined);
    half.write('{"version": "4", "alerts": [');
    const answers: { status: number; incident?: string }[] = [];
    let firstAnswer!: () => void;
    const answered = new Promise<void>((resolve) => (firstAnswer = resolve));
    const sends = Array.from({ length: 30 }, (_, i) => {
      const body = { ...base, groupKey: `{}:{alertname="PIIDetectorSpike",n="${i}"}` };
      return post(s, JSON.stringify(body)).then(async (r) => {
        answers.push({ status: r.status, incident: ((await r.json()) as any).incident });
        firstAnswer();
      }, () => undefined);
    });
    // kill as soon as the first answer is in: the rest are in flight
    await answered;
    s.child.kill('SIGKILL');
    await Promise.allSettled(sends);
    await s.exited;
    const verify = await aiopsInProcess(p, ['evidence', 'verify', '--json']);
    expect(verify.exitCode, verify.stderr).toBe(0);
    expect(verify.json().ok).toBe(true);
    const ids = new Set(((await aiopsInProcess(p, ['incident', 'list', '--all', '--json'])).json().incidents as any[]).map((i) => i.id));
    for (const a of answers.filter((x) => x.status === 201)) expect(ids.has(a.incident!)).toBe(true);
    // every incident in the log is whole: its opening event and the starter's commander role
    for (const id of ids) {
      const show = (await aiopsInProcess(p, ['incident', 'show', id, '--json'])).json().incident;
      expect(show.roles.commander.person).toBe('alice');
    }
  });
});
