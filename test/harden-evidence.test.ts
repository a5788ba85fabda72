import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventHash } from '../src/core/hash-chain.js';
import type { EventRow as Row } from '../src/store/row-mapping.js';
import { aiops as aiopsSpawned } from './helpers/cli.js';
// One command at a time, each checked for its output and what it wrote: in-process (no Node start-up
// per call). The binary itself reads the alerts piped to its stdin below.
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, REPO, type TempProject } from './helpers/project.js';
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
    // And a postmortem export of the incident does not call its evidence verified, in any format
    for (const format of ['md', 'json', 'html']) {
      const out = join(project.dir, `replaced.${format}`);
      const exported = await aiops(project, ['--db', db, 'export', incidentId, '--format', format, '-o', out, '--force']);
      expect(exported.exitCode, `${format}: ${exported.stdout}${exported.stderr}`).toBe(1);
      expect(exported.stdout).toContain('evidence verification FAILED');
      expect(exported.stderr).toMatch(/attachment log\.txt .* no longer hashes/);
      expect(readFileSync(out, 'utf8')).not.toContain('Evidence verified for this incident');
    }
    const json = JSON.parse(readFileSync(join(project.dir, 'replaced.json'), 'utf8'));
    expect(json.verification).toMatchObject({ ok: false, firstBad: { kind: 'attachment-changed' } });
  });

  it('fails when the attachment blob was deleted', async () => {
    const db = kit.tampered((d) => {
      d.exec('DROP TRIGGER attachments_no_delete');
      d.prepare('DELETE FROM attachments').run();
    });
    const r = await verify(db, ['--json']);
    expect(r.exitCode).toBe(1);
    expect(r.json().attachments.problems).toEqual([expect.objectContaining({ kind: 'attachment-missing', sha256: attachmentSha, name: 'log.txt' })]);
    // And the incident-scoped check sees it too, as does the export
    const scoped = await verify(db, [incidentId]);
    expect(scoped.exitCode).toBe(1);
    const exported = await aiops(project, ['--db', db, 'export', incidentId, '--format', 'json']);
    expect(exported.exitCode).toBe(1);
    expect(exported.json().verification.firstBad).toMatchObject({ kind: 'attachment-missing' });
  });
});

describe('evidence verify re-hashes the alerts an incident keeps', () => {
  it('fails when the payload of a later alert joining the incident was replaced', async () => {
    // Given an incident opened from an alert, and the same group's resolved notification joining it
    const own = makeProject({ withScenarios: false });
    try {
      const alert = JSON.parse(readFileSync(join(REPO, 'fixtures', 'alerts', 'alertmanager-v4-pii-spike.json'), 'utf8'));
      const opened = await aiopsSpawned(own, ['incident', 'start', '--from-alert', '-', '--json'], { as: 'alice', input: JSON.stringify(alert) });
      expect(opened.exitCode, opened.stderr).toBe(0);
      const resolved = JSON.stringify({ ...alert, status: 'resolved', alerts: alert.alerts.map((a: object) => ({ ...a, status: 'resolved' })) });
      const joined = await aiopsSpawned(own, ['incident', 'start', '--from-alert', '-', '--json'], { as: 'alice', input: resolved });
      expect(joined.exitCode, joined.stderr).toBe(0);
      expect((await aiops(own, ['evidence', 'verify', '--json'])).json().attachments).toEqual({ checked: 2, problems: [] });
      // When the second payload's bytes are swapped behind aiops's back
      const sha = createHash('sha256').update(resolved).digest('hex');
      const d = new Database(own.db);
      d.exec('DROP TRIGGER attachments_no_update');
      expect(d.prepare('UPDATE attachments SET data = ? WHERE sha256 = ?').run(Buffer.from('{}'), sha).changes).toBe(1);
      d.close();
      // Then verify names it, and the export does not call the evidence verified
      const r = await aiops(own, ['evidence', 'verify', '--json']);
      expect(r.exitCode).toBe(1);
      expect(r.json().attachments.problems).toEqual([expect.objectContaining({ kind: 'attachment-changed', sha256: sha })]);
      const exported = await aiops(own, ['export', opened.json().incident.id, '--format', 'json']);
      expect(exported.exitCode).toBe(1);
      expect(exported.json().verification.firstBad).toMatchObject({ kind: 'attachment-changed' });
    } finally {
      own.cleanup();
    }
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

describe('truncation is detectable', () => {
  it('evidence head prints the head; every write appends it to AIOPS_HEAD_FILE; verify --head FILE catches rows cut off the end', async () => {
    // Given a head file kept by the user, written by every command that writes
    const headFile = join(project.dir, 'kept-heads.txt');
    const env = { AIOPS_HEAD_FILE: headFile };
    const note = await aiops(project, ['incident', 'note', incidentId, 'one more', '--json'], { as: 'alice', env });
    expect(note.exitCode, note.stderr).toBe(0);
    const shown = await aiops(project, ['evidence', 'head', '--json']);
    expect(shown.exitCode, shown.stderr).toBe(0);
    const head = shown.json().head as { seq: number; hash: string };
    expect(readFileSync(headFile, 'utf8')).toBe(`${head.seq} ${head.hash}\n`);
    expect((await aiops(project, ['evidence', 'head'])).stdout).toBe(`seq ${head.seq} ${head.hash}`);
    // And a read-only command appends nothing
    await aiops(project, ['incident', 'list'], { env });
    expect(readFileSync(headFile, 'utf8').split('\n')).toHaveLength(2);
    // When the last event is deleted and chain_head moved back (no hashing needed)
    const db = new Database(project.db);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const cut = kit.tampered((d, rows) => {
      d.prepare('DELETE FROM events WHERE seq = ?').run(head.seq);
      const last = rows[rows.length - 2]!;
      d.prepare('UPDATE chain_head SET seq = ?, hash = ? WHERE id = 1').run(last.seq, last.hash);
    });
    // Then the log verifies on its own, but not against the kept head file
    expect((await verify(cut)).exitCode).toBe(0);
    const r = await verify(cut, ['--head', headFile]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/^TAMPERED: the head hash [0-9a-f]{64} you kept is not in this chain/);
    expect((await verify(project.db, ['--head', headFile])).exitCode).toBe(0);
  });

  it('a head file that cannot be written fails with exit 1 (the event was written), never exit 2 (nothing written)', async () => {
    for (const headFile of ['/nonexistent/dir/head', tmpdir()]) {
      // Given AIOPS_HEAD_FILE under a missing directory, or naming a directory
      const before = (await aiops(project, ['evidence', 'head', '--json'])).json().head as { seq: number };
      // When a note is added
      const note = await aiops(project, ['incident', 'note', incidentId, `kept in ${headFile}`], { as: 'alice', env: { AIOPS_HEAD_FILE: headFile } });
      // Then the note is committed, and the failure to keep its head is a failed write, so a retry on 2 never duplicates it
      const after = (await aiops(project, ['evidence', 'head', '--json'])).json().head as { seq: number; hash: string };
      expect(after.seq).toBe(before.seq + 1);
      expect(note.exitCode, note.stderr).toBe(1);
      expect(note.stdout).toContain(`(seq ${after.seq})`);
      expect(note.stderr).toContain(`the event was written, but its head could not be recorded in AIOPS_HEAD_FILE ${headFile}`);
      expect(note.stderr).toContain(`keep it by hand: seq ${after.seq} ${after.hash}`);
      expect(note.stderr).not.toContain('bug in aiops');
    }
    // And with --json, stdout is still the one document of the note, the failure on stderr and in the exit code
    const json = await aiops(project, ['incident', 'note', incidentId, 'kept nowhere', '--json'], { as: 'alice', env: { AIOPS_HEAD_FILE: '/nonexistent/dir/head' } });
    expect(json.exitCode).toBe(1);
    expect(json.json()).toMatchObject({ ok: true });
    expect(json.stderr).toContain('its head could not be recorded');
  });

  it('warns when the WAL held committed events and the -wal file is gone', async () => {
    // Given a write that stays in the WAL (another connection holds the log open, so nothing is checkpointed)
    const holder = new Database(project.db);
    holder.prepare('SELECT count(*) FROM events').get();
    try {
      const note = await aiops(project, ['incident', 'note', incidentId, 'in the wal'], { as: 'alice' });
      expect(note.exitCode, note.stderr).toBe(0);
      expect(statSync(`${project.db}-wal`).size).toBeGreaterThan(0);
      // When the log is taken without its -wal file
      const dir = mkdtempSync(join(tmpdir(), 'aiops-nowal-'));
      // (Opening the log rebuilds its index from what is left: the first reader is the one that can tell.)
      const withoutWal = (name: string) => {
        copyFileSync(project.db, join(dir, `${name}.db`));
        copyFileSync(`${project.db}-shm`, join(dir, `${name}.db-shm`));
        return join(dir, `${name}.db`);
      };
      try {
        // Then verify warns that confirmed events may be lost
        const r = await verify(withoutWal('human'));
        expect(r.stderr).toMatch(/warning: the write-ahead log .*human\.db-wal is missing, but the log's index records \d+ committed page write/);
        const j = await verify(withoutWal('json'), ['--json']);
        expect(j.json().warnings).toHaveLength(1);
        // While the log with its WAL verifies with no warning
        const whole = await verify(project.db);
        expect(whole.exitCode, whole.stdout).toBe(0);
        expect(whole.stderr).not.toMatch(/warning/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      holder.close();
    }
  });

  it('runs PRAGMA quick_check: a damaged index page fails verify', async () => {
    // Given the incident index's root page overwritten with an invalid page type
    const db = kit.tampered(() => {});
    const probe = new Database(db, { readonly: true });
    const pageSize = probe.pragma('page_size', { simple: true }) as number;
    const root = (probe.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'events_incident'").get() as { rootpage: number }).rootpage;
    probe.close();
    const fd = openSync(db, 'r+');
    writeSync(fd, Buffer.from([0x07]), 0, 1, (root - 1) * pageSize);
    closeSync(fd);
    // When verified, Then it fails with the damage named (the chain itself reads fine)
    const r = await verify(db);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/^DAMAGED: the database file is damaged \(PRAGMA quick_check\)/);
  });
});

describe('a tampered payload is reported as tampering, never as a bug', () => {
  const edits: [string, (d: Database.Database, rows: Row[]) => void][] = [
    ['a note whose payload lost its shape', (d, rows) => {
      const note = rows.find((r) => r.type === 'note.added')!;
      d.prepare('UPDATE events SET payload = ? WHERE seq = ?').run('{"text":5}', note.seq);
    }],
    ['an opening whose playbook steps are not a list', (d, rows) => {
      const p = JSON.parse(rows[0]!.payload);
      p.playbookContent.steps = 7;
      d.prepare('UPDATE events SET payload = ? WHERE seq = 1').run(JSON.stringify(p));
      d.exec('DELETE FROM incident_snapshots');
    }],
  ];
  for (const [name, edit] of edits) {
    it(`${name}: export says VERIFICATION FAILED, show and note refuse with a clear error`, async () => {
      const db = kit.tampered(edit);
      const exported = await aiops(project, ['--db', db, 'export', incidentId]);
      expect(exported.exitCode).toBe(1);
      expect(exported.stdout).toContain('**EVIDENCE VERIFICATION FAILED:** first bad seq');
      for (const args of [['incident', 'show', incidentId], ['incident', 'note', incidentId, 'hello']]) {
        const r = await aiops(project, ['--db', db, ...args], { as: 'alice' });
        expect(r.stderr, args.join(' ')).not.toContain('bug in aiops');
        if (r.exitCode !== 0) {
          expect(r.exitCode).toBe(1);
          expect(r.stderr).toMatch(new RegExp(`EVIDENCE VERIFICATION FAILED for ${incidentId}: first bad seq \\d+ \\(hash-mismatch\\)`));
        }
      }
      expect(exported.stderr).not.toContain('bug in aiops');
    });
  }
});

describe('a payload edited into another well-formed value never decides who may act', () => {
  it('Given the commander handed off to dan and the handoff edited to name erin, Then erin cannot act, show and note refuse, and nothing is written', async () => {
    // Given a handoff of commander from alice to dan, written by aiops
    const own = makeProject({ withScenarios: false });
    try {
      const started = await aiops(own, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'eu', '--json'], { as: 'alice' });
      expect(started.exitCode, started.stderr).toBe(0);
      const id = started.json().incident.id as string;
      const handoff = await aiops(own, ['incident', 'handoff', id, 'commander', 'dan'], { as: 'alice' });
      expect(handoff.exitCode, handoff.stderr).toBe(0);
      // When the handoff's payload is edited in the file to name erin (a value aiops could have
      // written), with the incident's snapshot deleted so the events are folded again
      const d = new Database(own.db);
      d.exec('DROP TRIGGER events_no_update');
      const edited = d.prepare(`UPDATE events SET payload = replace(payload, '"person":"dan"', '"person":"erin"') WHERE type = 'role.assigned' AND payload LIKE '%"handoff":true%'`).run();
      expect(edited.changes).toBe(1);
      d.exec('DELETE FROM incident_snapshots');
      const before = (d.prepare('SELECT MAX(seq) AS seq FROM events').get() as { seq: number }).seq;
      d.close();
      // Then erin's change of severity is refused as untrusted evidence, not allowed by the forged handoff
      const erin = await aiops(own, ['incident', 'severity', id, 'SEV3', '--reason', 'mine now'], { as: 'erin' });
      expect(erin.exitCode, erin.stdout).toBe(1);
      expect(erin.stderr).toMatch(new RegExp(`EVIDENCE VERIFICATION FAILED for ${id}: first bad seq \\d+ \\(hash-mismatch\\)`));
      // And show and note refuse the same way, pointing at verify and export
      for (const args of [['incident', 'show', id], ['incident', 'note', id, 'hello']]) {
        const r = await aiops(own, args, { as: 'dan' });
        expect(r.exitCode, args.join(' ')).toBe(1);
        expect(r.stderr).toContain(`aiops export ${id} writes the postmortem`);
      }
      // And no event was chained on top of the edited one
      const after = new Database(own.db, { readonly: true });
      expect((after.prepare('SELECT MAX(seq) AS seq FROM events').get() as { seq: number }).seq).toBe(before);
      after.close();
    } finally {
      own.cleanup();
    }
  });
});

describe('nothing is chained onto rows added or removed outside aiops', () => {
  it('Given a correctly hashed row appended in the file, Then the next write refuses and the recorded head still exposes it', async () => {
    const own = makeProject({ withScenarios: false });
    try {
      const started = await aiops(own, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'eu', '--json'], { as: 'alice' });
      expect(started.exitCode, started.stderr).toBe(0);
      const id = started.json().incident.id as string;
      // When mallory appends a note with a correct hash and link, but cannot record the head as aiops does
      const d = new Database(own.db);
      const last = d.prepare('SELECT * FROM events ORDER BY seq DESC LIMIT 1').get() as Row;
      const forged = { seq: last.seq + 1, incident_id: id, ts: new Date(Date.parse(last.ts) + 1000).toISOString(), actor: 'bob', role: 'reviewer', type: 'note.added', payload: { text: 'I approve', attachments: [] } };
      const hash = eventHash(last.hash, forged);
      d.prepare('INSERT INTO events (seq, incident_id, ts, actor, role, type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
        forged.seq, id, forged.ts, forged.actor, forged.role, forged.type, JSON.stringify(forged.payload), last.hash, hash,
      );
      d.close();
      // Then a genuine note is refused, nothing written, and verify still names the added row
      const note = await aiops(own, ['incident', 'note', id, 'genuine'], { as: 'alice' });
      expect(note.exitCode, note.stdout).toBe(1);
      expect(note.stderr).toContain(`the evidence log's last row (seq ${forged.seq}) is not the chain head aiops recorded (seq ${last.seq})`);
      const after = new Database(own.db, { readonly: true });
      expect((after.prepare('SELECT MAX(seq) AS seq FROM events').get() as { seq: number }).seq).toBe(forged.seq);
      after.close();
      const verified = await aiops(own, ['evidence', 'verify']);
      expect(verified.exitCode).toBe(1);
      expect(verified.stdout).toContain(`seq ${forged.seq} was added outside aiops`);
    } finally {
      own.cleanup();
    }
  });

  it('Given the last row and the recorded head both deleted, Then the next write refuses and verify still reports the cut-off tail', async () => {
    const own = makeProject({ withScenarios: false });
    try {
      const started = await aiops(own, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'eu', '--json'], { as: 'alice' });
      expect(started.exitCode, started.stderr).toBe(0);
      const id = started.json().incident.id as string;
      expect((await aiops(own, ['incident', 'note', id, 'to be cut'], { as: 'alice' })).exitCode).toBe(0);
      // When mallory deletes the last event and the chain_head row that would expose it
      const d = new Database(own.db);
      d.exec('DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;');
      const last = (d.prepare('SELECT MAX(seq) AS seq FROM events').get() as { seq: number }).seq;
      d.prepare('DELETE FROM events WHERE seq = ?').run(last);
      d.exec('DELETE FROM chain_head');
      d.close();
      // Then a genuine note is refused and nothing is written (no new head records over the cut)
      const note = await aiops(own, ['incident', 'note', id, 'genuine'], { as: 'alice' });
      expect(note.exitCode, note.stdout).toBe(1);
      expect(note.stderr).toContain(`the evidence log's last row (seq ${last - 1}) has no chain head recorded with it`);
      const after = new Database(own.db, { readonly: true });
      expect((after.prepare('SELECT MAX(seq) AS seq FROM events').get() as { seq: number }).seq).toBe(last - 1);
      expect(after.prepare('SELECT COUNT(*) FROM chain_head').pluck().get()).toBe(0);
      after.close();
      // And verify still reports the missing tail
      const verified = await aiops(own, ['evidence', 'verify', '--json']);
      expect(verified.exitCode).toBe(1);
      expect(verified.json().firstBad).toMatchObject({ kind: 'missing-tail' });
    } finally {
      own.cleanup();
    }
  });
});
