import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mapAlert, mappingTemplateProblems } from '../src/core/alert-mapping.js';
import { parseAlert } from '../src/core/alerts.js';
import { ManualClock } from '../src/core/clock.js';
import { pagerDutySignatureOk } from '../src/serve/auth.js';
import { type Answer, createReceiver, type Receiver } from '../src/serve/receiver.js';
import { describeEvent } from '../src/ui/describe-event.js';
import { alertBadge } from '../src/ui/components/Header.js';
import { REPO } from './helpers/project.js';

const fixture = (name: string) => JSON.parse(readFileSync(join(REPO, 'fixtures', 'alerts', name), 'utf8'));
const open: Receiver[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

async function receiver(opts: { receive?: (raw: Buffer) => Promise<Answer>; ratePerMinute?: number; clock?: ManualClock; tasks?: ((now: Date) => Promise<void>)[] } = {}) {
  const lines: string[] = [];
  const received: string[] = [];
  const r = createReceiver({
    receive: opts.receive ?? (async (raw) => (received.push(raw.toString()), { status: 201, body: { ok: true, outcome: 'opened', incident: `INC-${received.length}` } })),
    token: 't0ken',
    pagerDutySecret: 'pd',
    maxBody: 1024,
    ratePerMinute: opts.ratePerMinute ?? 6000,
    clock: opts.clock ?? new ManualClock('2026-01-01T00:00:00Z'),
    log: (l) => lines.push(l),
    tasks: opts.tasks,
  });
  open.push(r);
  const { port } = await r.listen('127.0.0.1', 0);
  const post = (body: string, headers: Record<string, string> = { authorization: 'Bearer t0ken' }) => fetch(`http://127.0.0.1:${port}/alerts`, { method: 'POST', body, headers });
  return { r, post, lines, received, port };
}

describe('alert shapes and mappings (pure)', () => {
  it('tells Alertmanager, Grafana unified and PagerDuty apart, with status, group key and every alert', () => {
    const am = parseAlert(fixture('alertmanager-v4-grouped.json'), 'f');
    expect(am).toMatchObject({ format: 'alertmanager', status: 'firing', groupKey: expect.stringContaining('ToolCallAnomaly') });
    expect(am.alerts.map((a) => a.labels.tool)).toEqual(['issue_refund', 'delete_account', 'send_email']);
    expect(parseAlert(fixture('grafana-unified-alerting.json'), 'f')).toMatchObject({ format: 'grafana', labels: { status: 'firing', format: 'grafana' } });
    expect(parseAlert(fixture('pagerduty-v3-incident-resolved.json'), 'f')).toMatchObject({ format: 'pagerduty', status: 'resolved', groupKey: 'Q3J0SLJVKQW3PF', resolvedAt: '2026-11-26T03:55:12.000Z' });
    expect(() => parseAlert(fixture('grafana-legacy-alert.json'), 'f')).toThrow(/legacy alerting/);
  });

  it('severity from the alert through its map; the missing-field warning; config validation of template roots', () => {
    const alert = parseAlert(fixture('alertmanager-v4-pii-spike.json'), 'f');
    const m = mapAlert(alert, [{ match: { alertname: 'PIIDetectorSpike' }, trigger: 'data_leakage', severity: { from: 'labels.severity', map: { warning: 'SEV3' } }, title: '{{labels.nope}} x' }]);
    expect(m.alertSeverity).toEqual({ severity: 'SEV3', from: 'labels.severity', value: 'warning' });
    expect(m.warnings.join('\n')).toContain('names {{labels.nope}}');
    expect(m.key).toBe('alertmanager:{}:{alertname="PIIDetectorSpike"}');
    expect(mappingTemplateProblems({ triggers: [{ match: {}, trigger: 't', service: '{{label.service}}', dedup: '{{labels.a}}' }] })).toEqual([
      { path: ['triggers', 0, 'service'], message: expect.stringContaining('{{label.service}}') },
    ]);
  });

  it('the TUI shows a resolved notification in the same words, and the alert in its header', () => {
    const row = describeEvent({ type: 'alert.received', seq: 3, ts: 't', actor: 'alice', role: null, incidentId: 'I', prevHash: '', hash: '', payload: { format: 'alertmanager', attachment: { sha256: 'a', name: 'n', size: 1 }, key: 'k', status: 'resolved', firing: 0, alerts: [], resolvedAt: '2026-11-26T03:40:00.000Z' } });
    expect(row.text).toBe('alert: alertmanager: source says resolved at 2026-11-26T03:40:00.000Z (0 alert(s))');
    const alert = { format: 'alertmanager' as const, attachment: { sha256: 'a', name: 'n', size: 1 }, key: 'k', count: 5, firstSeen: 't', lastSeen: 't', firing: 2, alerts: [{ status: 'firing' as const, labels: {} }, { status: 'firing' as const, labels: {} }, { status: 'resolved' as const, labels: {} }], resolvedAt: null };
    expect(alertBadge(alert)).toBe('2/3 firing ×5');
    expect(alertBadge({ ...alert, resolvedAt: '2026-11-26T03:40:00.000Z' })).toBe('alert resolved ×5');
  });

  it('PagerDuty signatures: any v1 of the list, HMAC of the exact bytes', () => {
    const body = Buffer.from('{"event":{}}');
    const good = createHmac('sha256', 'pd').update(body).digest('hex');
    expect(pagerDutySignatureOk(`v1=${'0'.repeat(64)}, v1=${good}`, 'pd', body)).toBe(true);
    expect(pagerDutySignatureOk(`v1=${good}`, 'pd', Buffer.from('{"event":{} }'))).toBe(false);
    expect(pagerDutySignatureOk(`v1=${good}`, undefined, body)).toBe(false);
  });
});

describe('the HTTP receiver (in process, real sockets)', () => {
  it('same bytes twice: one receive, the same answer; a refused request reaches nothing', async () => {
    const s = await receiver();
    const a = await s.post('{"a":1}');
    const b = await s.post('{"a":1}');
    expect([a.status, b.status]).toEqual([201, 201]);
    expect([(await a.json() as any).incident, (await b.json() as any).incident]).toEqual(['INC-1', 'INC-1']);
    expect(s.received).toEqual(['{"a":1}']);
    expect((await s.post('{"a":2}', { authorization: 'Bearer t0kem' })).status).toBe(401);
    expect((await s.post('x'.repeat(2048))).status).toBe(413);
    expect(s.received).toHaveLength(1);
    expect(s.lines).toHaveLength(4);
    expect(s.lines[1]).toMatch(/POST \/alerts 201 .* opened INC-1 retry$/);
  });

  it('a delivery id sent again: the same bytes are a retry; other bytes are refused with 422 and recorded nowhere, not answered as the first', async () => {
    const s = await receiver();
    const headers = { authorization: 'Bearer t0ken', 'idempotency-key': 'delivery-7' };
    const first = await s.post('{"a":1}', headers);
    const retry = await s.post('{"a":1}', headers);
    expect([first.status, retry.status]).toEqual([201, 201]);
    const other = await s.post('{"a":2}', headers);
    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({ ok: false, error: expect.stringContaining('delivery id "delivery-7" (Idempotency-Key / X-Webhook-Id) was already used for an alert with other bytes') });
    expect(s.received).toEqual(['{"a":1}']);
    // The same bytes under a fresh id are an alert of their own, as before
    expect((await s.post('{"a":2}', { ...headers, 'idempotency-key': 'delivery-8' })).status).toBe(201);
    expect(s.received).toEqual(['{"a":1}', '{"a":2}']);
  });

  it('GET and HEAD /healthz answer 200 (HEAD with no body), as probes ask either way', async () => {
    const s = await receiver();
    const url = `http://127.0.0.1:${s.port}/healthz`;
    const get = await fetch(url);
    expect([get.status, await get.json()]).toEqual([200, { ok: true }]);
    const head = await fetch(url, { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([200, '']);
  });

  it('the rate limit answers 429 with Retry-After, and lets requests through again as the clock moves', async () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const s = await receiver({ ratePerMinute: 60, clock });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await s.post(`{"n":${i}}`)).status);
    expect(statuses.slice(0, 10).every((x) => x === 201)).toBe(true);
    const limited = await s.post('{"n":"x"}');
    expect([statuses[10], limited.status, limited.headers.get('retry-after')]).toEqual([429, 429, '1']);
    clock.advance(2000);
    expect((await s.post('{"n":"y"}')).status).toBe(201);
  });

  it('a rate under ten a minute is the whole burst: --rate 2 lets two requests through, authenticated or not, then 429', async () => {
    const s = await receiver({ ratePerMinute: 2 });
    const statuses = [(await s.post('{"n":1}')).status, (await s.post('{"n":2}')).status];
    const over = await s.post('{"n":3}');
    const anonymous = await s.post('{"n":4}', {});
    expect([...statuses, over.status, over.headers.get('retry-after'), anonymous.status]).toEqual([201, 201, 429, '30', 429]);
    expect(s.received).toHaveLength(2);
  });

  it('a failed receive is not remembered: the retry tries again', async () => {
    let calls = 0;
    const s = await receiver({ receive: async () => (++calls === 1 ? Promise.reject(new Error('disk full')) : { status: 200, body: { ok: true } }) });
    expect((await s.post('{}')).status).toBe(500);
    expect((await s.post('{}')).status).toBe(200);
    expect(calls).toBe(2);
  });

  it('tasks tick on the injected clock, one tick at a time', async () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const seen: string[] = [];
    const s = await receiver({ clock, tasks: [async (now) => void seen.push(now.toISOString())] });
    await Promise.all([s.r.tick(), s.r.tick()]);
    clock.advance(60_000);
    await s.r.tick();
    expect(seen).toEqual(['2026-01-01T00:00:00.000Z', '2026-01-01T00:01:00.000Z']);
  });
});
