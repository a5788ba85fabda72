// `aiops export` of a 10,000-event incident to md, json and html against a bare better-sqlite3
// loop that reads the same rows, one row per format: exportIncident as the CLI runs it (open the
// log, read the incident while checking it: every event re-hashed, linked to seq - 1 and seq + 1,
// recorded chain head; build the timeline and render it as the rows come). Must take ≤ 1 s AND
// ≤ 3× the bare loop.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'yaml';
import { exportIncident } from '../../dist/app/export-incident.js';
import { openEventLog } from '../../dist/store/index.js';
import { REPO, interleavedMedians, sampleEvents, seedLog, slowdownRow, tempDir, timeAsync, timeIt } from '../lib.js';

export const name = 'export';
const EVENTS = 10_000;
const ID = 'INC-2026-0001';
const FORMATS = ['md', 'json', 'html'];
const MAX_RATIO = 3;
const MAX_MS = 1000;
const ROUNDS = 15;

/** An opened event with the real shipped playbook pinned, then notes, steps, approvals, role changes and hook runs. */
export function incidentEvents() {
  const playbook = parse(readFileSync(join(REPO, 'playbooks', 'data-leakage.yaml'), 'utf8'));
  const start = Date.UTC(2026, 2, 1, 9, 0, 0);
  const opened = {
    incidentId: ID,
    ts: new Date(start).toISOString(),
    actor: 'alice',
    role: 'commander',
    type: 'incident.opened',
    payload: {
      title: 'Tenant B saw Tenant A invoices',
      service: 'assistant-eu',
      severity: 'SEV1',
      trigger: 'data_leakage',
      playbook: { id: playbook.id, version: playbook.version, sha256: 'a3f1'.repeat(16) },
      playbookContent: playbook,
      approvals: { pause: ['commander'] },
      context: { model: 'gpt-eu-2026-02' },
      selection: { reason: 'trigger data_leakage' },
    },
  };
  const body = sampleEvents(EVENTS - 1, { incidents: 1, start: start + 1000 });
  // Every 40th event becomes a hook run (started, then finished with a few lines of output).
  for (let i = 20; i < body.length - 1; i += 40) {
    const run = `run-${i}`;
    const argv = ['./fixtures/hooks/feature-flag.sh', 'disable', '--tenant', 'assistant-eu', '--incident', ID];
    body[i] = { ...body[i], type: 'hook.started', payload: { run, hook: 'pause-feature', step: 'pause', argv, env: ['AIOPS_STATE_DIR'], cwd: '.', retry: false } };
    body[i + 1] = {
      ...body[i + 1],
      type: 'hook.finished',
      payload: {
        run, hook: 'pause-feature', step: 'pause', ok: i % 3 !== 0, exitCode: i % 3 !== 0 ? 0 : 1, signal: null, timedOut: false, durationMs: 40,
        stdout: 'POST /api/v1/features/assistant/disable\nassistant paused for tenant assistant-eu\nstate in state/feature-flags\n', stderr: '', stdoutCut: 0, stderrCut: 0,
      },
    };
  }
  return [opened, ...body];
}

export default async function exportBench() {
  const tmp = tempDir();
  try {
    const path = `${tmp.dir}/events.db`;
    const writer = await openEventLog(path, { create: true });
    await seedLog(writer, incidentEvents());
    await writer.close();

    let bareCount = 0;
    /** The last export of each format (its parts), measured for the table after the timing. */
    const texts = {};
    const bare = () =>
      timeIt(() => {
        const db = new Database(path, { readonly: true });
        bareCount = 0;
        for (const row of db.prepare('SELECT * FROM events WHERE incident_id = ? ORDER BY seq').iterate(ID)) if (row.seq) bareCount++;
        db.close();
      });
    // Nothing else runs in this process before or between the exports: once something has kept
    // 10,000 events or entries alive, V8 allocates those objects straight into the old
    // generation, and every later export is ~10% slower. An `aiops export` process runs one.
    const endToEnd = { bare };
    for (const format of FORMATS) {
      endToEnd[format] = () =>
        timeAsync(async () => {
          // The parts are what `aiops export` writes out, one after the other.
          const { parts, verification } = await exportIncident({ dbPath: path, id: ID, format });
          if (!verification.ok || verification.incidentEvents !== EVENTS) throw new Error(`export ${format} did not cover every event of a verified log`);
          texts[format] = parts;
        });
    }
    const end = await interleavedMedians(ROUNDS, endToEnd, { warmup: 1 });
    if (bareCount !== EVENTS) throw new Error(`bare loop read ${bareCount} rows, expected ${EVENTS}`);
    const rows = [];
    for (const format of FORMATS) {
      const whole = slowdownRow({
        name: `export ${EVENTS.toLocaleString('en')} events to ${format}, end to end`,
        baseline: 'bare better-sqlite3 read loop',
        subject: `exportIncident incl. incident check (${(texts[format].reduce((n, p) => n + Buffer.byteLength(p), 0) / 1e6).toFixed(1)} MB)`,
        baseline_ms: end.bare,
        subject_ms: end[format],
        max: MAX_RATIO,
      });
      rows.push({ ...whole, limit: `≤ ${MAX_RATIO}×, ≤ ${MAX_MS} ms`, ok: whole.ok && end[format] <= MAX_MS });
    }
    return rows;
  } finally {
    tmp.cleanup();
  }
}

/** The same rows in the `{name, run()}` shape some runners expect. */
export async function run() {
  return { rows: await exportBench() };
}
