// The log on PostgreSQL ($AIOPS_TEST_PG, a superuser URL; skipped without it), side by side in one run:
// - one acknowledged action through the log (advisory lock, expectation check, head read, hash,
//   insert, notify, synchronous commit) against a raw one-row INSERT transaction on the same server;
// - 8 writers in separate processes appending to their own incidents: throughput and p99;
// - evidence verify of 200k events against a bare read + sha256 loop over the same rows.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { initSharedLog } from '../../dist/store/admin.js';
import { openEventLog } from '../../dist/store/index.js';
import { benchPgServer, REPO, interleavedMedians, median, sampleEvents, slowdownRow } from '../lib.js';

const ACTIONS = 200;
const WRITERS = 8;
const PER_WRITER = 100;
const VERIFY_EVENTS = 200_000;

export default async function postgres() {
  const server = await benchPgServer('postgres');
  if (!server) return [];
  const { base, admin } = server;
  const schema = `aiops_bench_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE SCHEMA ${schema}`);
  const u = new URL(base);
  u.searchParams.set('options', `-c search_path=${schema}`);
  const url = u.toString();
  try {
    const rows = [];
    rows.push(await acknowledgedAction(url));
    rows.push(await concurrentWriters(url, base));
    rows.push(await verifyLarge(url));
    return rows;
  } finally {
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

export async function acknowledgedAction(url) {
  // Only `aiops db init` makes a log on PostgreSQL.
  await initSharedLog(url, []);
  const log = await openEventLog(url);
  const raw = new pg.Client({ connectionString: url });
  await raw.connect();
  await raw.query('CREATE TABLE raw_events (seq bigint PRIMARY KEY, incident_id text, ts text, actor text, role text, type text, payload text, prev_hash text, hash text)');
  const events = sampleEvents(ACTIONS + 20);
  let i = 0;
  let j = 0;
  const time = async (fn) => {
    const t = performance.now();
    await fn();
    return performance.now() - t;
  };
  const m = await interleavedMedians(
    ACTIONS,
    {
      raw: () =>
        time(async () => {
          const e = events[i++];
          await raw.query('BEGIN');
          await raw.query('INSERT INTO raw_events VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [i, e.incidentId, e.ts, e.actor, e.role, e.type, JSON.stringify(e.payload), 'p'.repeat(64), 'h'.repeat(64)]);
          await raw.query('COMMIT');
        }),
      log: () => time(async () => {
        const e = events[j++];
        const r = await log.append([e], { incidentId: e.incidentId, lastSeq: await log.incidentLastSeq(e.incidentId) });
        if (!r.ok) throw new Error('conflict');
      }),
    },
    { warmup: 10 },
  );
  await raw.end();
  await log.close();
  return slowdownRow({ name: 'PostgreSQL: one acknowledged action', baseline: 'raw pg 1-row INSERT transaction', subject: 'log.append([event]) + its expectation read', baseline_ms: m.raw, subject_ms: m.log, max: 1.5 });
}

async function concurrentWriters(url) {
  const child = `
    const { openEventLog } = await import(${JSON.stringify(`${REPO}/dist/store/index.js`)});
    const log = await openEventLog(process.env.URL);
    const id = process.env.INC;
    const lat = [];
    for (let k = 0; k < ${PER_WRITER}; k++) {
      const t = performance.now();
      for (;;) {
        const r = await log.append([{ incidentId: id, ts: new Date().toISOString(), actor: 'alice', role: 'commander', type: 'note.added', payload: { text: 'note ' + k, attachments: [] } }], { incidentId: id, lastSeq: await log.incidentLastSeq(id) });
        if (r.ok) break;
      }
      lat.push(performance.now() - t);
    }
    await log.close();
    process.stdout.write(JSON.stringify(lat));`;
  const t = performance.now();
  const all = await Promise.all(
    Array.from({ length: WRITERS }, (_, w) =>
      new Promise((resolve, reject) => {
        const p = spawn(process.execPath, ['--input-type=module', '-e', child], { env: { ...process.env, URL: url, INC: `INC-W-${w}` }, stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        p.stdout.on('data', (d) => (out += d));
        p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`writer ${w} exited ${code}`))));
      }),
    ),
  );
  const wall = performance.now() - t;
  const lat = all.flat().sort((a, b) => a - b);
  const p99 = lat[Math.floor(lat.length * 0.99)];
  return {
    name: `PostgreSQL: ${WRITERS} writers, separate processes`,
    baseline: `${lat.length} appends`,
    subject: `${Math.round(lat.length / (wall / 1000))} events/s, p50 ${median(lat).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`,
    baseline_ms: Number(wall.toFixed(1)),
    subject_ms: Number(p99.toFixed(3)),
    ratio: null,
    limit: 'reported',
    ok: true,
  };
}

async function verifyLarge(url) {
  const log = await openEventLog(url);
  const events = sampleEvents(VERIFY_EVENTS, { incidents: 50 });
  // Load in batches of one incident each, through the log (so rows carry the login and its hash).
  const byIncident = new Map();
  for (let k = 0; k < events.length; k += 1000) {
    const batch = events.slice(k, k + 1000).map((e) => ({ ...e, incidentId: `INC-V-${k / 1000}` }));
    const r = await log.append(batch, { incidentId: batch[0].incidentId, lastSeq: 0 });
    if (!r.ok) throw new Error('conflict while loading');
    byIncident.set(batch[0].incidentId, r.events.length);
  }
  const raw = new pg.Client({ connectionString: url });
  await raw.connect();
  const bare = async () => {
    const t = performance.now();
    await raw.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    let after = -1;
    let n = 0;
    for (;;) {
      const { rows } = await raw.query('SELECT seq, incident_id, ts, actor, role, type, payload, prev_hash, hash, login FROM events WHERE seq > $1 ORDER BY seq LIMIT 5000', [after]);
      for (const r of rows) {
        createHash('sha256').update(r.prev_hash + JSON.stringify([r.seq, r.incident_id, r.ts, r.actor, r.role, r.type, r.login]) + r.payload).digest('hex');
        n++;
      }
      if (rows.length < 5000) break;
      after = Number(rows.at(-1).seq);
    }
    await raw.query('COMMIT');
    if (n < VERIFY_EVENTS) throw new Error(`read ${n} rows`);
    return performance.now() - t;
  };
  const full = async () => {
    const t = performance.now();
    const r = await log.verify();
    if (!r.ok) throw new Error(`verify failed: ${r.firstBad?.message}`);
    return performance.now() - t;
  };
  const m = await interleavedMedians(3, { bare, full }, { warmup: 1 });
  await raw.end();
  await log.close();
  return slowdownRow({ name: `PostgreSQL: evidence verify of ${VERIFY_EVENTS / 1000}k events`, baseline: 'bare paged read + sha256 per row', subject: 'log.verify()', baseline_ms: m.bare, subject_ms: m.full, max: 2 });
}
