import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventHash } from '../src/core/hash-chain.js';
import type { EventRow as Row } from '../src/store/row-mapping.js';
import { aiops } from './helpers/cli.js';
import { makeProject, type TempProject } from './helpers/project.js';
import { tamperKit } from './helpers/tamper.js';

// Issue 17, Medium: what `evidence verify` proves beyond the hash chain itself.
let project: TempProject;
let incidentId: string;
let attachmentSha: string;
const kit = tamperKit(() => project.db, 'aiops-harden-');

beforeAll(async () => {
  // Given a log written by aiops: an incident with a note that attaches a file
  project = makeProject({ withScenarios: false });
  const start = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'eu', '--json'], { as: 'alice' });
  expect(start.exitCode, start.stderr).toBe(0);
  incidentId = start.json().incident.id;
  writeFileSync(join(project.dir, 'log.txt'), 'the leaked line\n');
  const note = await aiops(project, ['incident', 'note', incidentId, 'see the log', '--attach', 'log.txt', '--json'], { as: 'alice' });
  expect(note.exitCode, note.stderr).toBe(0);
  const db = new Database(project.db);
  db.pragma('wal_checkpoint(TRUNCATE)');
  attachmentSha = (db.prepare('SELECT sha256 FROM attachments').get() as { sha256: string }).sha256;
  db.close();
});
afterAll(() => {
  project?.cleanup();
  kit.cleanup();
});

async function verify(db: string, extra: string[] = []) {
  const r = await aiops(project, ['--db', db, 'evidence', 'verify', ...extra]);
  return r;
}

/** Rewrites rows from `from` on with `edit` applied, every later hash and the chain head recomputed: a consistent forgery. */
function rechain(d: Database.Database, rows: Row[], from: number, edit: (r: Row) => Row): void {
  let prev = rows[from - 2]?.hash ?? '0'.repeat(64);
  for (const r0 of rows.slice(from - 1)) {
    const r = r0.seq === from ? edit(r0) : r0;
    const hash = eventHash(prev, { seq: r.seq, incident_id: r.incident_id, ts: r.ts, actor: r.actor, role: r.role, type: r.type, payload: JSON.parse(r.payload) });
    d.prepare('UPDATE events SET ts = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(r.ts, prev, hash, r.seq);
    prev = hash;
  }
  d.prepare('UPDATE chain_head SET hash = ? WHERE id = 1').run(prev);
}

describe('evidence verify re-hashes attachments', () => {
  it('passes on the log as aiops wrote it, counting the attachment', async () => {
    const r = await verify(project.db, ['--json']);
    expect(r.exitCode, r.stdout).toBe(0);
    expect(r.json().attachments).toEqual({ checked: 1, problems: [] });
  });

  it('fails when the attachment blob was replaced', async () => {
    // Given the blob's bytes swapped behind aiops's back (its triggers dropped)
    const db = kit.tampered((d) => {
      d.exec('DROP TRIGGER attachments_no_update');
      d.prepare('UPDATE attachments SET data = ? WHERE sha256 = ?').run(Buffer.from('nothing to see\n'), attachmentSha);
    });
    // When verified, Then it fails, naming the attachment and the event that recorded it
    const r = await verify(db);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/^TAMPERED: attachment of seq \d+ .*attachment-changed.*log\.txt/);
  });

  it('fails when the attachment blob was deleted', async () => {
    const db = kit.tampered((d) => {
      d.exec('DROP TRIGGER attachments_no_delete');
      d.prepare('DELETE FROM attachments').run();
    });
    const r = await verify(db, ['--json']);
    expect(r.exitCode).toBe(1);
    expect(r.json().attachments.problems).toEqual([expect.objectContaining({ kind: 'attachment-missing', sha256: attachmentSha, name: 'log.txt' })]);
    // And the incident-scoped check sees it too
    const scoped = await verify(db, [incidentId]);
    expect(scoped.exitCode).toBe(1);
  });
});

describe('evidence verify checks what a timestamp is', () => {
  it('fails on a ts that is not a date, even with every hash recomputed', async () => {
    const db = kit.tampered((d, rows) => rechain(d, rows, 2, (r) => ({ ...r, ts: 'yesterday-ish' })));
    const r = await verify(db, ['--json']);
    expect(r.exitCode).toBe(1);
    expect(r.json().firstBad).toMatchObject({ seq: 2, kind: 'bad-row', message: expect.stringContaining('not an ISO 8601 instant') });
  });
});
