import { afterAll, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openEventLog } from '../src/store/index.js';
import { type CliLog, cliAdapters, dropCliLogins } from './helpers/cli-logs.js';
import { patience } from './helpers/patience.js';
import { asSuperuser, freshPgDatabase, initPgLog, pgTestUrl } from './helpers/pg.js';
import { REPO } from './helpers/project.js';
import { killServes, type Served, startServe } from './helpers/serve.js';
import { opened } from './helpers/store-contract.js';

// The server ends a session (a restart, a failover, pg_terminate_backend): a long-running aiops
// says so once, connects again on its next call, and while it cannot, serve answers 503 (retry)
// and /healthz says the log is unreachable, instead of 500 "not queryable" on every POST forever.
const base = pgTestUrl();
const TOKEN = 'reconnect-token-91d2';
const FIXTURE = readFileSync(join(REPO, 'fixtures', 'alerts', 'alertmanager-v4-pii-spike.json'), 'utf8');
const logs: CliLog[] = [];
afterAll(async () => {
  killServes();
  for (const l of logs) await l.cleanup();
  await dropCliLogins();
});

/** Ends every session `login` has on `database` from the server's side, as a restart would. */
const terminate = (login: string, database: string) =>
  asSuperuser(base!, (c) => c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1 AND datname = $2', [login, database]));
const allowConnections = (database: string, allow: boolean) => asSuperuser(base!, (c) => c.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS ${allow}`));
const wait = (what: () => void) => vi.waitFor(what, { timeout: patience(15_000), interval: 50 });

describe.skipIf(!base)('aiops serve when its PostgreSQL session ends', () => {
  const post = (s: Served, n: number) =>
    fetch(`${s.url}/alerts`, {
      method: 'POST',
      body: FIXTURE.replace('output-monitor-0:9102', `om-${n}`),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    }).then(async (r) => ({ status: r.status, retryAfter: r.headers.get('retry-after'), body: (await r.json()) as any }));
  const health = (s: Served) => fetch(`${s.url}/healthz`).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

  it('Given serve on a log, When the server ends its session, Then it logs that once and the next POST connects again; while its login or database refuses connections it answers 503 and /healthz says so; after, 200 again', async () => {
    // (the log is set up and verified in-process; serve is the spawned binary)
    const log = await cliAdapters().find((a) => a.adapter === 'postgres')!.make({ inProcess: true });
    logs.push(log);
    const url = new URL(log.db('alice'));
    const [login, database] = [url.username, url.pathname.slice(1)];
    const s = await startServe(log.project, { AIOPS_SERVE_TOKEN: TOKEN, AIOPS_DB: log.db('alice') });
    expect((await post(s, 1)).status).toBe(201);

    // When the server ends the session while serve is idle
    await terminate(login, database);
    await wait(() => expect(s.stderr()).toMatch(/evidence log postgres:\/\/\S+: connection lost \(terminating connection due to administrator command\)/));
    // Then the next request connects again and is recorded
    expect(await post(s, 2)).toMatchObject({ status: 200, body: { outcome: 'appended', count: 2 } });
    expect(s.stderr()).toMatch(/: connected again/);
    expect(s.stderr().match(/connection lost/g)).toHaveLength(1);

    // When its login may no longer connect (it could before): the log is out of reach, 503, not a 422 the sender would drop
    await asSuperuser(base!, (c) => c.query(`ALTER ROLE ${login} NOLOGIN`));
    try {
      await terminate(login, database);
      await wait(() => expect(s.stderr().match(/connection lost/g)).toHaveLength(2));
      expect(await post(s, 3)).toMatchObject({ status: 503, body: { ok: false, error: `not recorded: the evidence log at ${url.hostname}:${url.port}/${database} cannot be reached; retry` } });
    } finally {
      await asSuperuser(base!, (c) => c.query(`ALTER ROLE ${login} LOGIN`));
    }
    expect(await post(s, 3)).toMatchObject({ status: 200, body: { outcome: 'appended', count: 3 } });

    // When the database cannot be reached (it takes no connections, and serve's session is ended)
    await allowConnections(database, false);
    try {
      await terminate(login, database);
      await wait(() => expect(s.stderr().match(/connection lost/g)).toHaveLength(3));
      // Then a POST is 503 with a reason to retry, and /healthz is not ok
      const refused = await post(s, 4);
      expect(refused).toMatchObject({ status: 503, body: { ok: false, error: `not recorded: the evidence log at ${url.hostname}:${url.port}/${database} cannot be reached; retry` } });
      expect(refused.retryAfter).toBe('5');
      expect(await health(s)).toEqual({ status: 503, body: { ok: false, db: 'unreachable', error: `the evidence log at ${url.hostname}:${url.port}/${database} cannot be reached` } });
    } finally {
      await allowConnections(database, true);
    }
    // Then, once it is back, everything is as before
    expect(await health(s)).toEqual({ status: 200, body: { ok: true, db: 'ok' } });
    expect(await post(s, 4)).toMatchObject({ status: 200, body: { outcome: 'appended', count: 4 } });
    expect(s.stderr()).not.toMatch(/not queryable|bug in aiops/);
    expect((await log.owner(['evidence', 'verify', '--json'])).json().ok).toBe(true);
  });
});

describe.skipIf(!base)('a PostgreSQL log listening for commits when its session ends', () => {
  it('Given a subscriber, When the server ends its session and another connection appends, Then it connects again by itself and hears of the commit', async () => {
    const db = await freshPgDatabase(base!, 'aiops_listen');
    const reader = await initPgLog(db.url);
    const writer = await openEventLog(db.url);
    try {
      const heard: number[] = [];
      const changes: string[] = [];
      reader.onConnectionChange!((c) => changes.push(c.state));
      const stop = await reader.subscribe!((seq) => heard.push(seq));
      // (the reader's session is the one whose last statement was its LISTEN)
      await asSuperuser(base!, (c) => c.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'LISTEN%'", [db.name]));
      await vi.waitFor(() => expect(changes).toContain('lost'), { timeout: patience(10_000), interval: 50 });
      await writer.append([opened('INC-1')], { incidentId: 'INC-1', lastSeq: 0 });
      // Reconnected in the background (nothing else calls the reader), it reads the head it missed.
      await vi.waitFor(() => expect(heard).toContain(1), { timeout: patience(15_000), interval: 50 });
      expect(changes).toEqual(['lost', 'restored']);
      await writer.append([opened('INC-2')], { incidentId: 'INC-2', lastSeq: 0 });
      await vi.waitFor(() => expect(heard).toContain(2), { timeout: patience(10_000), interval: 50 });
      await stop();
    } finally {
      await reader.close();
      await writer.close();
      await db.drop();
    }
  });
});
