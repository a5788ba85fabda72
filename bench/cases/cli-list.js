// `incident list --json` reads summary rows, never events: with 100,000 incidents (each opened
// with the real data-leakage playbook pinned, as `incident start` writes it, ~6 KB; a third of
// them closed) against the same command with 10, as whole CLI processes. ≤ 2×. The big log is
// written straight into SQLite (one transaction, each row sealed by the real hash chain) and its
// summary rows built by the schema-2 migration's back-fill when a writer first opens it (a
// reader such as `list` never migrates), as a user's first command after upgrading would;
// 100,000 appends of one fsync'd transaction each would take most of an hour. The 32 MB listing is
// read as a pipeline's next command reads it, piece by piece (timeCommandDrained): spawnSync kept it
// all in the bench process and timed that buffering too (~250 ms of the old 543 ms here).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'yaml';
import { GENESIS_HASH, sealEvent } from '../../dist/core/hash-chain.js';
import { hashedFieldsOf } from '../../dist/store/row-mapping.js';
import { openEventLog } from '../../dist/store/index.js';
import { BIN, REPO, interleavedMedians, slowdownRow, tempProject, timeCommandDrained } from '../lib.js';

function incidentEvents(count) {
  const playbook = parse(readFileSync(join(REPO, 'playbooks', 'data-leakage.yaml'), 'utf8'));
  const start = Date.UTC(2025, 0, 1);
  const out = [];
  for (let i = 0; i < count; i++) {
    const incidentId = `INC-2025-${String(i + 1).padStart(6, '0')}`;
    const ts = new Date(start + i * 60_000).toISOString();
    out.push({
      incidentId, ts, actor: 'alice', role: 'commander', type: 'incident.opened',
      payload: {
        title: `Tenant ${i % 97} saw another tenant's invoices`, service: `assistant-${i % 7}`, severity: 'SEV1', trigger: 'data_leakage',
        playbook: { id: playbook.id, version: playbook.version, sha256: 'a3f1'.repeat(16) }, playbookContent: playbook,
        approvals: { pause: ['commander'] }, context: { model: 'gpt-eu-2026-02' }, selection: { reason: 'trigger data_leakage' },
      },
    });
    if (i % 3 === 0) out.push({ incidentId, ts, actor: 'alice', role: 'commander', type: 'status.changed', payload: { from: 'open', to: 'closed', summary: 'done' } });
  }
  return out;
}

/** A project whose log holds `count` incidents, written straight into SQLite and summarised by the migration. */
export async function projectWithIncidents(count) {
  const p = tempProject();
  await (await openEventLog(p.db, { create: true })).close();
  const db = new Database(p.db);
  db.pragma('synchronous = OFF');
  const insert = db.prepare('INSERT INTO events (seq, incident_id, ts, actor, role, type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    let prev = GENESIS_HASH;
    let seq = 0;
    for (const e of incidentEvents(count)) {
      seq += 1;
      const { payloadText, hash } = sealEvent(prev, hashedFieldsOf(seq, e));
      insert.run(seq, e.incidentId, e.ts, e.actor, e.role, e.type, payloadText, prev, hash);
      prev = hash;
    }
    db.prepare('INSERT INTO chain_head (id, seq, hash) VALUES (1, ?, ?)').run(seq, prev);
    db.exec('DROP TABLE incident_snapshots; DROP TABLE incident_summaries;');
    db.pragma('user_version = 1');
  })();
  db.close();
  await (await openEventLog(p.db)).close();
  return p;
}

export default async function cliList() {
  const few = await projectWithIncidents(10);
  const many = await projectWithIncidents(100_000);
  try {
    const env = { AIOPS_USER: 'alice' };
    // Every third incident is closed: the default listing shows the rest, one line each, between
    // the document's 5 lines of its own (the JSON's first three and last three, the first row on the third).
    const listed = (count) => count - Math.ceil(count / 3);
    const cmd = (p, count) => async () => {
      const { ms, lines } = await timeCommandDrained([process.execPath, BIN, 'incident', 'list', '--json'], { cwd: p.dir, env });
      if (lines !== listed(count) + 5) throw new Error(`incident list --json wrote ${lines} lines for ${listed(count)} open incidents`);
      return ms;
    };
    const m = await interleavedMedians(5, { few: cmd(few, 10), many: cmd(many, 100_000) });
    return [slowdownRow({ name: 'incident list --json: 100,000 incidents (⅔ open)', baseline: 'same with 10 incidents', subject: 'aiops incident list --json | (a reader)', baseline_ms: m.few, subject_ms: m.many, max: 2 })];
  } finally {
    few.cleanup();
    many.cleanup();
  }
}
