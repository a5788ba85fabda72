// What having no cached incident state on PostgreSQL costs ($AIOPS_TEST_PG, a superuser URL; skipped
// without it): on a shared server a command decides on the incident folded from its events, never
// on a stored snapshot another login could have written, so a one-shot command reads every event
// of its incident. `incident note` and `incident show --json`, run as users run them (whole CLI
// processes), on an incident of 10,000 events (the realistic mix) against the same on one of 100.
// 5 interleaved rounds, medians; ≤ 3×.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initSharedLog } from '../../dist/store/admin.js';
import { openEventLog } from '../../dist/store/index.js';
import { BIN, benchPgServer, interleavedMedians, slowdownRow, tempProject, timeCommand } from '../lib.js';
import { realisticMix } from './cli-incident-size.js';

export default async function postgresIncidentSize() {
  const server = await benchPgServer('postgres-incident-size');
  if (!server) return [];
  const { base, admin } = server;
  const database = `aiops_bench_${Math.random().toString(36).slice(2, 10)}`;
  await admin.query(`CREATE DATABASE ${database}`);
  const u = new URL(base);
  u.pathname = `/${database}`;
  const url = u.toString();
  const p = tempProject();
  try {
    await initSharedLog(url, []);
    // alice acts under the server's login (identity: database), as she would under her own.
    const roster = join(p.dir, 'roster.yaml');
    writeFileSync(roster, readFileSync(roster, 'utf8').replace(/^(\s+alice:\s*\{)/m, `$1login: ${decodeURIComponent(u.username)}, `));
    const config = join(p.dir, 'aiops.yaml');
    writeFileSync(config, `${readFileSync(config, 'utf8').replace(/^db:.*$/m, '')}\ndb: ${url}\n`);
    const small = await incidentOf(p, url, 100);
    const large = await incidentOf(p, url, 10_000);
    const cmd = (args) => () => timeCommand([process.execPath, BIN, ...args], { cwd: p.dir });
    const rows = [];
    for (const [label, args] of [
      ['incident note', (id) => ['incident', 'note', id, 'checked the dashboards', '--json']],
      ['incident show --json', (id) => ['incident', 'show', id, '--json']],
    ]) {
      const m = await interleavedMedians(5, { small: cmd(args(small)), large: cmd(args(large)) });
      rows.push(slowdownRow({ name: `PostgreSQL ${label}: 10k-event incident, no cached state`, baseline: 'same on a 100-event incident', subject: `aiops ${label}`, baseline_ms: m.small, subject_ms: m.large, max: 3 }));
    }
    return rows;
  } finally {
    p.cleanup();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
}

/** An incident opened through the CLI, then `events` more of the realistic mix appended to it. */
async function incidentOf(p, url, events) {
  const run = (args) => execFileSync(process.execPath, [BIN, ...args], { cwd: p.dir, env: { ...process.env, NO_COLOR: '1', AIOPS_DB: '' } }).toString();
  const started = JSON.parse(run(['incident', 'start', '--trigger', 'data_leakage', '--title', `bench ${events}`, '--no-tui', '--json']));
  const id = started.incident.id;
  const log = await openEventLog(url);
  try {
    let last = await log.incidentLastSeq(id);
    const [opened] = await log.readIncident(id, { limit: 1 });
    const mix = realisticMix(id, events, Date.parse(opened.ts) + 1000);
    for (let i = 0; i < mix.length; i += 1000) {
      const r = await log.append(mix.slice(i, i + 1000), { incidentId: id, lastSeq: last });
      if (!r.ok) throw new Error('conflict seeding the incident');
      last = r.events.at(-1).seq;
    }
  } finally {
    await log.close();
  }
  return id;
}

