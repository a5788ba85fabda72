// `aiops export` of a 10,000-event incident to md, json and html against a bare better-sqlite3
// loop that reads the same rows. Two rows per format, both bounded:
//   end to end  exportIncident as the CLI runs it: open the log, read the incident while checking
//               it (every event re-hashed, linked to seq - 1 and seq + 1, recorded chain head;
//               the rest of the log is not re-walked), build the timeline, render.
//               Must take ≤ 1 s AND ≤ 3× the bare loop.
//   projection  readIncident + build + render, the incident check done once beforehand: ≤ 3×.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'yaml';
import { exportIncident } from '../../dist/app/export-incident.js';
import { buildExport } from '../../dist/export/build-export.js';
import { timeFormatter } from '../../dist/export/format-time.js';
import { makeRedactor } from '../../dist/export/redactor.js';
import { renderExport } from '../../dist/app/export-incident.js';
import { openStore } from '../../dist/store/index.js';
import { REPO, chunks, interleavedMedians, sampleEvents, slowdownRow, tempDir, timeIt } from '../lib.js';

export const name = 'export';
const EVENTS = 10_000;
const ID = 'INC-2026-0001';
const FORMATS = ['md', 'json', 'html'];
const MAX_RATIO = 3;
const MAX_MS = 1000;

/** An opened event with the real shipped playbook pinned, then notes, steps, approvals, role changes and hook runs. */
function incidentEvents() {
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
    const writer = openStore(path);
    for (const batch of chunks(incidentEvents(), 5_000)) writer.transaction((tx) => tx.append(batch));
    writer.close();

    let bareCount = 0;
    /** The last export of each format, measured for the table after the timing. */
    const texts = {};
    const measurements = {
      bare: () =>
        timeIt(() => {
          const db = new Database(path, { readonly: true });
          bareCount = 0;
          for (const row of db.prepare('SELECT * FROM events WHERE incident_id = ? ORDER BY seq').iterate(ID)) if (row.seq) bareCount++;
          db.close();
        }),
    };
    const reader = openStore(path, { readonly: true });
    if (!reader.verify().ok) throw new Error('the bench log does not verify');
    const verification = reader.readVerifiedIncident(ID).report;
    if (!verification.ok) throw new Error('the bench incident does not verify');
    for (const format of FORMATS) {
      measurements[`end-${format}`] = () =>
        timeIt(() => {
          const { text, verification } = exportIncident({ dbPath: path, id: ID, format });
          if (!verification.ok || verification.incidentEvents !== EVENTS) throw new Error(`export ${format} did not cover every event of a verified log`);
          texts[format] = text;
        });
      measurements[`proj-${format}`] = () =>
        timeIt(() => {
          const events = reader.readIncident(ID);
          const doc = buildExport(events, verification, { time: timeFormatter(undefined), redact: makeRedactor([]) });
          if (renderExport(doc, format).length === 0) throw new Error('empty export');
        });
    }
    const m = await interleavedMedians(5, measurements, { warmup: 1 });
    reader.close();
    if (bareCount !== EVENTS) throw new Error(`bare loop read ${bareCount} rows, expected ${EVENTS}`);
    const rows = [];
    for (const format of FORMATS) {
      const end = slowdownRow({
        name: `export ${EVENTS.toLocaleString('en')} events to ${format}, end to end`,
        baseline: 'bare better-sqlite3 read loop',
        subject: `exportIncident incl. incident check (${(Buffer.byteLength(texts[format]) / 1e6).toFixed(1)} MB)`,
        baseline_ms: m.bare,
        subject_ms: m[`end-${format}`],
        max: MAX_RATIO,
      });
      rows.push({ ...end, limit: `≤ ${MAX_RATIO}×, ≤ ${MAX_MS} ms`, ok: end.ok && m[`end-${format}`] <= MAX_MS });
      const proj = slowdownRow({
        name: `export ${EVENTS.toLocaleString('en')} events to ${format}, projection`,
        baseline: 'bare better-sqlite3 read loop',
        subject: 'readIncident + build + render',
        baseline_ms: m.bare,
        subject_ms: m[`proj-${format}`],
        max: MAX_RATIO,
      });
      rows.push({ ...proj, floor: MAX_RATIO, detail: 'the chain check is done once, outside the timing' });
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
