import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import canonicalize from 'canonicalize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventHash } from '../src/core/hash-chain.js';
import type { EventRow as Row } from '../src/store/row-mapping.js';
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';
import { checkpointed, tamperKit } from './helpers/tamper.js';

let project: TempProject;
let pristine: string;
let total: number;
let incidentId: string;
const kit = tamperKit(() => pristine, 'aiops-tamper-');
const tampered = kit.tampered;

beforeAll(async () => {
  // Given an evidence log written by aiops itself: two incidents, interleaved notes
  project = makeProject();
  const start = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'eu', '--json'], { as: 'alice' });
  expect(start.exitCode, start.stderr).toBe(0);
  incidentId = start.json().incident.id;
  const other = await aiops(project, ['incident', 'start', '--trigger', 'unexpected_tool_call', '--title', 'Tool', '--service', 'us', '--json'], { as: 'dan' });
  expect(other.exitCode, other.stderr).toBe(0);
  for (const [who, id, text] of [['alice', incidentId, 'first note'], ['dan', other.json().incident.id, 'tool note'], ['bob', incidentId, 'second note']]) {
    const r = await aiops(project, ['incident', 'note', id!, text!], { as: who });
    expect(r.exitCode, r.stderr).toBe(0);
  }
  const ok = await aiops(project, ['evidence', 'verify', '--json']);
  expect(ok.exitCode, ok.stdout).toBe(0);
  total = ok.json().events;
  expect(total).toBeGreaterThanOrEqual(7);
  pristine = project.db;
  // Fold the WAL into the main file so one file copy is the whole log
  checkpointed(pristine);
  expect(existsSync(`${pristine}-wal`)).toBe(false);
});
afterAll(() => {
  project?.cleanup();
  kit.cleanup();
});


async function verify(db: string, extra: string[] = []) {
  const r = await aiops(project, ['--db', db, 'evidence', 'verify', '--json', ...extra]);
  return { exitCode: r.exitCode, report: r.json() as { ok: boolean; firstBad: { seq: number; kind: string; message: string } | null } };
}

const update = (db: Database.Database, seq: number, col: string, value: string) =>
  db.prepare(`UPDATE events SET ${col} = ? WHERE seq = ?`).run(value, seq);

const cases: { name: string; firstBad: (n: number) => number; kind: string; tamper: (db: Database.Database, rows: Row[]) => void }[] = [
  {
    name: 'an edited payload',
    firstBad: () => 3,
    kind: 'hash-mismatch',
    tamper: (db, rows) => update(db, 3, 'payload', rows[2]!.payload.replace(/"}$/, ' (edited)"}').replace(/}$/, ',"x":1}')),
  },
  { name: 'an edited actor', firstBad: () => 4, kind: 'hash-mismatch', tamper: (db) => update(db, 4, 'actor', 'mallory') },
  { name: 'an edited ts', firstBad: () => 2, kind: 'hash-mismatch', tamper: (db, rows) => update(db, 2, 'ts', rows[1]!.ts.replace(/\d\d\.\d{3}Z$/, '00.000Z').replace(/T\d\d/, 'T23')) },
  { name: 'a deleted row', firstBad: () => 5, kind: 'gap', tamper: (db) => db.prepare('DELETE FROM events WHERE seq = 5').run() },
  {
    name: 'a row inserted in the middle (later rows renumbered)',
    firstBad: () => 4,
    kind: 'broken-link',
    tamper: (db, rows) => {
      for (const r of [...rows].reverse()) if (r.seq >= 4) db.prepare('UPDATE events SET seq = seq + 1 WHERE seq = ?').run(r.seq);
      const forged = { ...rows[3]!, seq: 4, actor: 'mallory', payload: '{"text":"all clear"}', type: 'note.added', prev_hash: 'f'.repeat(64) };
      db.prepare('INSERT INTO events VALUES (@seq, @incident_id, @ts, @actor, @role, @type, @payload, @prev_hash, @hash)').run(forged);
    },
  },
  {
    name: 'a correctly hashed row appended outside aiops',
    firstBad: (n) => n + 1,
    kind: 'broken-link',
    tamper: (db, rows) => {
      const last = rows.at(-1)!;
      const e = { seq: last.seq + 1, incident_id: last.incident_id, ts: last.ts, actor: 'mallory', role: null, type: 'note.added', payload: { text: 'forged' } };
      const hash = eventHash(last.hash, e);
      db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(e.seq, e.incident_id, e.ts, e.actor, e.role, e.type, JSON.stringify(e.payload), last.hash, hash);
    },
  },
  {
    name: 'two rows swapped',
    firstBad: () => 3,
    kind: 'broken-link',
    tamper: (db, rows) => {
      const [a, b] = [rows[2]!, rows[3]!];
      const put = db.prepare('UPDATE events SET incident_id = ?, ts = ?, actor = ?, role = ?, type = ?, payload = ?, prev_hash = ?, hash = ? WHERE seq = ?');
      put.run(b.incident_id, b.ts, b.actor, b.role, b.type, b.payload, b.prev_hash, b.hash, a.seq);
      put.run(a.incident_id, a.ts, a.actor, a.role, a.type, a.payload, a.prev_hash, a.hash, b.seq);
    },
  },
  { name: 'a truncated tail', firstBad: (n) => n - 1, kind: 'missing-tail', tamper: (db, rows) => db.prepare('DELETE FROM events WHERE seq >= ?').run(rows.length - 1) },
];

describe('evidence verify detects tampering and names the first bad seq', () => {
  for (const c of cases) {
    it(c.name, async () => {
      // Given a copy of the log tampered with behind the triggers' back
      const db = tampered(c.tamper);
      // When it is verified
      const { exitCode, report } = await verify(db);
      // Then verify fails with exit 1 and names the first bad seq and what is wrong
      expect(exitCode).toBe(1);
      expect(report.ok).toBe(false);
      expect(report.firstBad).toMatchObject({ seq: c.firstBad(total), kind: c.kind });
    });
  }

  it('a whole chain replaced consistently verifies on its own, and fails against a head kept from an earlier export', async () => {
    // Given the head of an export taken before the rewrite
    const exported = await aiops(project, ['evidence', 'export']);
    const keptHead = JSON.parse(exported.stdout.split('\n')[0]!).head as string;
    // And a log rewritten from seq 2 on with every hash recomputed and chain_head updated
    const db = tampered((d, rows) => {
      let prev = rows[0]!.hash;
      for (const r of rows.slice(1)) {
        const payload = r.seq === 2 ? { ...JSON.parse(r.payload), title: 'Nothing happened' } : JSON.parse(r.payload);
        const hash = eventHash(prev, { seq: r.seq, incident_id: r.incident_id, ts: r.ts, actor: r.actor, role: r.role, type: r.type, payload });
        d.prepare('UPDATE events SET payload = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(JSON.stringify(payload), prev, hash, r.seq);
        prev = hash;
      }
      d.prepare('UPDATE chain_head SET hash = ? WHERE id = 1').run(prev);
    });
    // When it is verified alone, it passes: this is the limit of a self-contained hash chain
    const alone = await verify(db);
    expect(alone.exitCode).toBe(0);
    expect(alone.report.ok).toBe(true);
    // But with --head the kept hash is not found, and verify fails
    const withHead = await verify(db, ['--head', keptHead]);
    expect(withHead.exitCode).toBe(1);
    expect(withHead.report.firstBad).toMatchObject({ kind: 'head-not-found' });
    // While the untouched log still contains the kept head
    const pristineHead = await verify(pristine, ['--head', keptHead]);
    expect(pristineHead.exitCode).toBe(0);
  });
});

/** The same JSON value with every object's keys in reverse order, spaced out: what another serialiser might write. */
function reserialised(text: string): string {
  const flip = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(flip) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, flip(x)])) : v;
  return JSON.stringify(flip(JSON.parse(text)), null, 1);
}

describe('payload text', () => {
  it('is stored as canonical JSON; a log with payloads in another key order (an older aiops) verifies; a changed value does not', async () => {
    // Given the log aiops wrote: every payload column is already RFC 8785 canonical JSON
    const src = new Database(pristine, { readonly: true });
    const rows = src.prepare('SELECT * FROM events ORDER BY seq').all() as Row[];
    src.close();
    for (const r of rows) expect(r.payload).toBe(canonicalize(JSON.parse(r.payload)));
    // And a copy whose payloads are the same content, re-serialised in another key order
    const db = tampered((d, all) => {
      for (const r of all) d.prepare('UPDATE events SET payload = ? WHERE seq = ?').run(reserialised(r.payload), r.seq);
    });
    const reread = new Database(db, { readonly: true });
    const changed = (reread.prepare('SELECT payload FROM events').pluck().all() as string[]).filter((t, i) => t !== rows[i]!.payload).length;
    reread.close();
    expect(changed).toBe(rows.length);
    // When it is verified in full, and exported (which checks the incident's own events)
    const full = await verify(db);
    const exported = await aiops(project, ['--db', db, 'export', incidentId, '--format', 'json']);
    // Then both pass: the hash covers the content, not its spelling
    expect(full.exitCode, JSON.stringify(full.report)).toBe(0);
    expect(exported.exitCode, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout).verification).toMatchObject({ ok: true, firstBad: null });
    // But a changed value in a re-serialised payload is caught at its seq
    const edited = tampered((d, all) => d.prepare('UPDATE events SET payload = ? WHERE seq = 3').run(reserialised(JSON.stringify({ ...JSON.parse(all[2]!.payload), by: 'mallory' }))));
    const bad = await verify(edited);
    expect(bad.exitCode).toBe(1);
    expect(bad.report.firstBad).toMatchObject({ seq: 3, kind: 'hash-mismatch' });
  });
});

describe('export of a log whose times were edited by hand', () => {
  it('writes every format, says verification FAILED, and escapes the times as any text', async () => {
    // Given the opening's time and a note's time replaced with markup that is no instant
    const db = tampered((d, rows) => {
      const mine = rows.filter((r) => r.incident_id === incidentId);
      update(d, mine[0]!.seq, 'ts', '<img src=x onerror=alert(1)>');
      update(d, mine.at(-1)!.seq, 'ts', 'yesterday|\u001b]0;owned\u0007');
    });
    for (const format of ['md', 'html', 'json'] as const) {
      // When it is exported
      const r = await aiops(project, ['--db', db, 'export', incidentId, '--format', format]);
      // Then the export is written, not a crash, and says the log failed verification
      expect(r.exitCode, r.stderr).toBe(1);
      expect(r.stderr).not.toMatch(/bug in aiops/);
      if (format === 'json') expect(JSON.parse(r.stdout).verification.ok).toBe(false);
      else expect(r.stdout).toMatch(/FAILED/);
      // and the stored times reach the page only escaped (JSON holds them as data)
      if (format !== 'json') expect(r.stdout).not.toMatch(/(?<!\\)<img/);
      // and spans from a time that is no instant say so, never NaN
      expect(r.stdout).not.toContain('NaN');
      if (format === 'json') expect(JSON.parse(r.stdout).durations.open.ms).toBeNull();
      expect(r.stdout).not.toContain('\u001b');
      if (format === 'md') expect(r.stdout).toContain('\\<img src=x');
      if (format === 'html') expect(r.stdout).toContain('&lt;img src=x');
    }
  });
});

describe('export of a log whose payloads were edited into shapes aiops never writes', () => {
  const shapes: { name: string; tamper: (d: Database.Database, mine: Row[]) => void }[] = [
    { name: 'an opening that is null', tamper: (d, mine) => update(d, mine[0]!.seq, 'payload', 'null') },
    { name: 'an opening whose title is a number and has nothing else', tamper: (d, mine) => update(d, mine[0]!.seq, 'payload', '{"title":5}') },
    {
      name: 'a severity change whose reason is an object',
      tamper: (d, mine) => {
        const seq = mine.find((r) => r.type === 'note.added')!.seq;
        update(d, seq, 'type', 'severity.changed');
        update(d, seq, 'payload', '{"from":"SEV3","to":"SEV1","reason":{"x":1}}');
      },
    },
    { name: 'a note whose text is an object', tamper: (d, mine) => update(d, mine.find((r) => r.type === 'note.added')!.seq, 'payload', '{"text":{"a":1},"attachments":[]}') },
    { name: 'a role assignment that is an array', tamper: (d, mine) => update(d, mine.find((r) => r.type === 'role.assigned')!.seq, 'payload', '[]') },
  ];
  for (const c of shapes) {
    it(`${c.name}: every format is written and says verification FAILED`, async () => {
      const db = tampered((d, rows) => c.tamper(d, rows.filter((r) => r.incident_id === incidentId)));
      for (const format of ['md', 'html', 'json'] as const) {
        const r = await aiops(project, ['--db', db, 'export', incidentId, '--format', format]);
        expect(r.exitCode, `${format}: ${r.stderr}`).toBe(1);
        expect(r.stderr).not.toMatch(/bug in aiops/);
        if (format === 'json') expect(JSON.parse(r.stdout).verification.ok).toBe(false);
        else expect(r.stdout).toMatch(/FAILED/);
      }
    });
  }

  it('an opening deleted: tampering (exit 1) that names what is missing, not "no incident"', async () => {
    const db = tampered((d, rows) => d.prepare('DELETE FROM events WHERE seq = ?').run(rows.find((r) => r.incident_id === incidentId && r.type === 'incident.opened')!.seq));
    const r = await aiops(project, ['--db', db, 'export', incidentId]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`${incidentId} has \\d+ events in .* but no opening event before them: the evidence log was edited outside aiops`));
    expect(r.stderr).toMatch(/evidence verify names the damage/);
  });
});

describe('the triggers', () => {
  it('refuse UPDATE and DELETE on events', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aiops-trigger-'));
    copyFileSync(pristine, join(dir, 'aiops.db'));
    const db = new Database(join(dir, 'aiops.db'));
    try {
      expect(() => db.prepare("UPDATE events SET actor = 'mallory' WHERE seq = 1").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM events WHERE seq = 1').run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
      expect(db.prepare('SELECT COUNT(*) AS n FROM events').get()).toEqual({ n: total });
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
