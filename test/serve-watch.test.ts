import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';
import { killServes, startServe } from './helpers/serve.js';

/** `aiops serve` as a real process, its listening line naming the telemetry route too; stop() ends it with SIGTERM. */
async function serve(p: TempProject) {
  const s = await startServe(p, { AIOPS_SERVE_TOKEN: TOKEN });
  expect(s.stdout()).toMatch(/listening on http:\/\/[^ ]+ \(POST \/alerts, POST \/telemetry, GET \/healthz\)/);
  return { ...s, stop: () => (s.child.kill('SIGTERM'), s.exited) };
}

const TOKEN = 'serve-watch-token-91c2';
const projects: TempProject[] = [];
afterAll(() => {
  killServes();
  projects.forEach((p) => p.cleanup());
});

const RULES = `
watch:
  - {id: rejections-up, service: shop-assistant, metric: rejection_rate, window: 10m, above: 0.5, min_count: 3, trigger: hallucinated_commitment}
`;

function fresh(extra = ''): TempProject {
  const p = makeProject({ withScenarios: false });
  projects.push(p);
  const yaml = readFileSync(join(p.dir, 'aiops.yaml'), 'utf8').replace(/^watch:\n(?: {2}- .*\n)+/m, '');
  writeFileSync(join(p.dir, 'aiops.yaml'), `${yaml}\n${RULES}\n${extra}`);
  return p;
}

const line = (sec: number, id: string, review: string) =>
  `${JSON.stringify({ ts: new Date(Date.parse('2026-03-02T09:00:00Z') + sec * 1000).toISOString(), service: 'shop-assistant', request_id: id, review })}\n`;


const postTelemetry = (url: string, body: string, auth = `Bearer ${TOKEN}`) =>
  fetch(`${url}/telemetry`, { method: 'POST', body, headers: { 'content-type': 'application/x-ndjson', authorization: auth } });

describe('aiops watch inside aiops serve (issue 19)', () => {
  it('applies the drift rules to telemetry POSTed to /telemetry: windows span requests, one incident per rule and service', async () => {
    const p = fresh();
    const s = await serve(p);
    // Given no token, or a GET: refused, nothing recorded
    expect((await postTelemetry(s.url, line(0, 'x', 'rejected'), 'Bearer wrong')).status).toBe(401);
    expect((await fetch(`${s.url}/telemetry`)).status).toBe(405);
    // When two records arrive in one POST (below min_count) and a bad line with them
    const first = await postTelemetry(s.url, `${line(0, 'a', 'rejected')}{broken\n${line(10, 'b', 'rejected')}`);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true, records: 2, bad: [{ line: 2, reason: 'not JSON' }], firings: [] });
    // And the third arrives in another POST: the window spans both, so the rule fires
    const second = (await (await postTelemetry(s.url, line(20, 'c', 'approved'))).json()) as { firings: unknown[] };
    expect(second.firings).toEqual([{ rule: 'rejections-up', service: 'shop-assistant', metric: 'rejection_rate', value: 2 / 3, outcome: 'opened', incident: 'INC-2026-0001' }]);
    // Then later telemetry over the threshold adds to that incident rather than opening another
    const third = (await (await postTelemetry(s.url, [line(900, 'd', 'rejected'), line(901, 'e', 'rejected'), line(902, 'f', 'approved')].join(''))).json()) as { firings: unknown[] };
    expect(third.firings).toEqual([expect.objectContaining({ outcome: 'appended', incident: 'INC-2026-0001' })]);
    await vi.waitFor(() => expect(s.stderr()).toContain('POST /telemetry 200'), { timeout: 10_000, interval: 50 });
    expect(s.stderr()).toContain('drift rule rejections-up fired on shop-assistant');
    expect(await s.stop()).toBe(0);
    const list = (await aiopsInProcess(p, ['incident', 'list', '--json'])).json().incidents;
    expect(list).toEqual([expect.objectContaining({ id: 'INC-2026-0001', trigger: 'hallucinated_commitment', service: 'shop-assistant' })]);
    const shown = (await aiopsInProcess(p, ['incident', 'show', 'INC-2026-0001', '--json'])).json();
    expect(shown.incident.context).toEqual({ watch_rule: 'rejections-up' });
    expect((await aiopsInProcess(p, ['evidence', 'verify'])).exitCode).toBe(0);
  });

  it('follows serve.watch_file as it grows and stops with serve', async () => {
    const p = fresh('serve: {watch_file: telemetry.jsonl}\n');
    const file = join(p.dir, 'telemetry.jsonl');
    writeFileSync(file, line(0, 'a', 'rejected'));
    const s = await serve(p);
    // When the file grows past the rule's threshold while serve runs
    appendFileSync(file, line(10, 'b', 'rejected') + line(20, 'c', 'approved'));
    // Then the drift incident is opened by serve
    await vi.waitFor(() => expect(s.stderr()).toContain('opened INC-2026-0001'), { timeout: 15_000, interval: 50 });
    expect(await s.stop()).toBe(0);
    expect(s.stderr()).toContain('telemetry.jsonl: read 3 records, 0 bad line(s); 1 rule firing(s)');
    const list = (await aiopsInProcess(p, ['incident', 'list', '--json'])).json().incidents;
    expect(list).toHaveLength(1);
  });

  it('refuses serve.watch_file without drift rules to apply to it', async () => {
    const p = makeProject({ withScenarios: false });
    projects.push(p);
    const yaml = readFileSync(join(p.dir, 'aiops.yaml'), 'utf8').replace(/^watch:\n(?: {2}- .*\n)+/m, '');
    writeFileSync(join(p.dir, 'aiops.yaml'), `${yaml}\nserve: {watch_file: t.jsonl}\n`);
    const r = await aiopsInProcess(p, ['serve', '--listen', '127.0.0.1:0'], { env: { AIOPS_SERVE_TOKEN: TOKEN } });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('serve.watch_file names a telemetry file, but aiops.yaml has no watch: rules');
  });
});
