// Shared helpers for bench/cases/*.js. A case default-exports an async function that returns rows:
//   { name, baseline, subject, baseline_ms, subject_ms, ratio, limit, ok }
// Build them with slowdownRow (subject time over baseline time, must stay at or under a ceiling)
// or rateRow (subject rate over baseline rate, must stay at or over a floor).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

export const REPO = resolve(import.meta.dirname, '..');
export const BIN = join(REPO, 'bin', 'aiops.js');

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const round = (x, digits) => Number(x.toFixed(digits));

/** subject_ms / baseline_ms must be ≤ max (e.g. a command vs `node -e 0`). */
export function slowdownRow({ name, baseline, subject, baseline_ms, subject_ms, max }) {
  const ratio = subject_ms / baseline_ms;
  return { name, baseline, subject, baseline_ms: round(baseline_ms, 3), subject_ms: round(subject_ms, 3), ratio: round(ratio, 2), limit: `≤ ${max}×`, ok: ratio <= max };
}

/** The subject's rate relative to the baseline's (baseline_ms / subject_ms for the same work) must be ≥ min. */
export function rateRow({ name, baseline, subject, baseline_ms, subject_ms, min }) {
  const ratio = baseline_ms / subject_ms;
  return { name, baseline, subject, baseline_ms: round(baseline_ms, 3), subject_ms: round(subject_ms, 3), ratio: round(ratio, 2), limit: `≥ ${min}×`, ok: ratio >= min };
}

/** Milliseconds one synchronous call takes. */
export function timeIt(fn) {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/**
 * Runs each named measurement `rounds` times, interleaved (a, b, c, a, b, c, …) so drift in machine
 * load hits every side alike; returns the median milliseconds of each.
 */
export async function interleavedMedians(rounds, measurements, { warmup = 1 } = {}) {
  const names = Object.keys(measurements);
  for (let i = 0; i < warmup; i++) for (const n of names) await measurements[n]();
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < rounds; i++) for (const n of names) samples[n].push(await measurements[n]());
  return Object.fromEntries(names.map((n) => [n, median(samples[n])]));
}

/** Wall time of one run of a command, which must exit 0. */
export function timeCommand(argv, { cwd, env } = {}) {
  const t = performance.now();
  const r = spawnSync(argv[0], argv.slice(1), { cwd, env: { ...process.env, NO_COLOR: '1', AIOPS_DB: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 2 ** 30 });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/**
 * Wall time of one run of a command that writes much to stdout, read as a pipeline's next command
 * reads it (`aiops … | jq`): each piece is counted and dropped as it arrives. timeCommand's
 * spawnSync keeps the whole output in this process, which times the bench's own buffering of tens
 * of MB as well. Resolves to the time and the number of lines written; the command must exit 0.
 */
export function timeCommandDrained(argv, { cwd, env } = {}) {
  return new Promise((resolvePromise, reject) => {
    const t = performance.now();
    const child = spawn(argv[0], argv.slice(1), { cwd, env: { ...process.env, NO_COLOR: '1', AIOPS_DB: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let lines = 0;
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines += 1;
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t;
      if (code !== 0) reject(new Error(`${argv.join(' ')} exited ${code}: ${stderr}`));
      else resolvePromise({ ms, lines });
    });
  });
}

/**
 * The PostgreSQL server a bench case runs against ($AIOPS_TEST_PG, a superuser URL) with a connected
 * superuser client (the caller ends it), or null, said on stderr, when there is none.
 */
export async function benchPgServer(caseName) {
  const base = process.env.AIOPS_TEST_PG;
  if (!base) {
    console.error(`${caseName}: skipped (no AIOPS_TEST_PG; source .ci/pg-cluster.sh && pg_cluster_start)`);
    return null;
  }
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  return { base, admin };
}

/** A copy of the shipped project (config, roster, playbooks, scenarios, hook scripts) in a temp dir. */
export function tempProject() {
  const dir = mkdtempSync(join(tmpdir(), 'aiops-bench-'));
  for (const f of ['aiops.yaml', 'roster.yaml']) cpSync(join(REPO, f), join(dir, f));
  for (const d of ['playbooks', 'scenarios', join('fixtures', 'hooks')]) cpSync(join(REPO, d), join(dir, d), { recursive: true });
  return { dir, db: join(dir, '.aiops', 'aiops.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A temp dir for database files. */
export function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'aiops-bench-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const PIN = { id: 'data-leakage', version: '1.2.0', sha256: 'a3f1'.repeat(16) };
const WORDS = 'tenant output model prompt rollback reviewer invoice retrieval leaked paused latency refund tool agent'.split(' ');

/** `count` realistic events (notes, step completions, approvals, role changes), deterministic, for one or a few incidents. */
export function sampleEvents(count, { incidents = 1, start = Date.UTC(2026, 2, 1, 9, 0, 0) } = {}) {
  const events = [];
  for (let i = 0; i < count; i++) {
    const incidentId = `INC-2026-${String((i % incidents) + 1).padStart(4, '0')}`;
    const ts = new Date(start + i * 250).toISOString();
    const text = Array.from({ length: 12 + (i % 20) }, (_, k) => WORDS[(i * 7 + k * 3) % WORDS.length]).join(' ');
    let e;
    switch (i % 4) {
      case 0:
        e = { actor: 'bob', role: 'reviewer', type: 'note.added', payload: { text, attachments: [] } };
        break;
      case 1:
        e = { actor: 'alice', role: 'commander', type: 'step.completed', payload: { step: `step-${i % 9}`, note: text } };
        break;
      case 2:
        e = {
          actor: 'carol',
          role: 'model_owner',
          type: 'approval.granted',
          payload: { step: 'rollback', hook: 'model-rollback', role: 'model_owner', argv: ['./fixtures/hooks/model-rollback.sh', '--to', `v${i % 50}`], playbook: PIN, context: { model: 'gpt-x', prompt: `p-${i % 13}` } },
        };
        break;
      default:
        e = { actor: 'dan', role: 'commander', type: 'role.assigned', payload: { role: 'communicator', person: 'dan', previous: 'bob', handoff: true, source: 'manual' } };
    }
    events.push({ incidentId, ts, ...e });
  }
  return events;
}

export function chunks(items, size) {
  const out = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Milliseconds one asynchronous call takes. */
export async function timeAsync(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** Groups events by incident (order within each kept), so every append writes one incident. */
export function byIncident(events) {
  const groups = new Map();
  for (const e of events) {
    const g = groups.get(e.incidentId);
    if (g) g.push(e);
    else groups.set(e.incidentId, [e]);
  }
  return [...groups.values()].flat();
}

/**
 * Appends events through an EventLog as the app does: each run of one incident's events, `batch`
 * at a time, expecting the incident's last seq (tracked here, so seeding reads nothing back).
 */
export async function seedLog(log, events, batch = 5_000) {
  const last = new Map();
  for (let start = 0; start < events.length; ) {
    const incidentId = events[start].incidentId;
    let end = start + 1;
    while (end < events.length && end - start < batch && events[end].incidentId === incidentId) end++;
    const r = await log.append(events.slice(start, end), { incidentId, lastSeq: last.get(incidentId) ?? 0 });
    if (!r.ok) throw new Error(`seeding ${incidentId}: conflict at ${r.lastSeq}`);
    last.set(incidentId, r.events.at(-1).seq);
    start = end;
  }
}
