import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { type CliLog, cliAdapters, dropCliLogins } from './helpers/cli-logs.js';
import { patience } from './helpers/patience.js';
import { pgTestUrl } from './helpers/pg.js';
import { REPO } from './helpers/project.js';
import { killServes, type Served, startServe } from './helpers/serve.js';

// Notifications of one alert group racing in from several processes (on PostgreSQL: several
// hosts) open one incident: the open expects no incident of the group opened since it looked,
// checked in the append's transaction (under the append lock on PostgreSQL), and the others join it.
const logs: CliLog[] = [];
afterAll(async () => {
  killServes();
  for (const l of logs) await l.cleanup();
  await dropCliLogins();
});

const TOKEN = 'alert-race-token-5c1e';
const FIXTURE = readFileSync(join(REPO, 'fixtures', 'alerts', 'alertmanager-v4-pii-spike.json'), 'utf8');

/** The PII-spike notification of group `group` from monitor instance `n`: other bytes, the same group key. */
const payload = (group: string, n: number) => FIXTURE.replace('output-monitor-0:9102', `om-${n}`).replace('"groupKey": "{}:', `"groupKey": "${group}:`);

async function exported(log: CliLog): Promise<any[]> {
  const r = await log.owner(['evidence', 'export']);
  expect(r.exitCode, r.stderr).toBe(0);
  return r.stdout.trim().split('\n').slice(1).map((l) => JSON.parse(l));
}

describe.each(cliAdapters())('one alert group from several processes at once ($adapter)', ({ make }) => {
  it('Given 8 processes per group running incident start --from-alert at once, Then each group opens one incident and every notification is counted in it', async () => {
    // (the log is set up and read back in-process; each notification is a spawned process, its payload on stdin)
    const log = await make({ inProcess: true });
    logs.push(log);
    // Two groups, one round each: who wins is timing, so one round alone may not bring a second opener.
    for (const group of ['r1', 'r2']) {
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, n) => log.as(n % 2 ? 'bob' : 'alice', ['incident', 'start', '--from-alert', '-', '--json'], { input: payload(group, n) })),
      );
      for (const r of results) expect(r.exitCode, r.stderr).toBe(0);
      const outcomes = results.map((r) => r.json());
      expect(outcomes.filter((o) => o.outcome === 'opened')).toHaveLength(1);
      expect(outcomes.filter((o) => o.outcome === 'appended')).toHaveLength(7);
      expect(new Set(outcomes.map((o) => o.incident.id)).size).toBe(1);
      expect(Math.max(...outcomes.map((o) => o.incident.alert.count))).toBe(8);
    }
    const events = await exported(log);
    expect(events.filter((e) => e.type === 'incident.opened')).toHaveLength(2);
    expect(events.filter((e) => e.type === 'alert.received')).toHaveLength(14);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect((await log.owner(['evidence', 'verify', '--json'])).json().ok).toBe(true);
  });
});

describe.skipIf(!pgTestUrl())('two aiops serve processes on one PostgreSQL log', () => {
  const post = (s: Served, body: string) =>
    fetch(`${s.url}/alerts`, { method: 'POST', body, headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` } }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

  it('Given notifications of one group sent to both at once, Then one incident opens; the same bytes retried to the other serve are not counted twice', async () => {
    const postgres = cliAdapters().find((a) => a.adapter === 'postgres')!;
    const log = await postgres.make({ inProcess: true });
    logs.push(log);
    // Two hosts in front of one log (both as alice's login: serve acts as one roster person).
    const env = { AIOPS_SERVE_TOKEN: TOKEN, AIOPS_DB: log.db('alice') };
    const [a, b] = await Promise.all([startServe(log.project, env), startServe(log.project, env)]);

    const answers = await Promise.all(Array.from({ length: 8 }, (_, n) => post(n % 2 ? b! : a!, payload('two', n))));
    expect(answers.map((x) => x.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((x) => x.body.incident)).size).toBe(1);

    // A sender retries to b what a recorded (a timed-out answer, a load balancer's second pick).
    const last = payload('two', 99);
    const first = await post(a!, last);
    expect(first).toMatchObject({ status: 200, body: { outcome: 'appended', count: 9 } });
    const retried = await post(b!, last);
    expect(retried).toMatchObject({ status: 200, body: { outcome: 'appended', incident: first.body.incident, count: 9 } });
    // (the request's log line is written once the answer is sent)
    await vi.waitFor(() => expect(b!.stderr()).toMatch(/POST \/alerts 200 .* appended INC-\S+ retry/), { timeout: patience(10_000), interval: 50 });

    const events = await exported(log);
    expect(events.filter((e) => e.type === 'incident.opened')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'alert.received')).toHaveLength(8);
  });
});
