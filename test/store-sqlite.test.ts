import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OperationFailed, UserError } from '../src/core/errors.js';
import { logExists, openEventLog } from '../src/store/index.js';
import { MemoryEventLog } from '../src/store/memory/memory-event-log.js';
import { incidentReadSql } from '../src/store/sqlite/read-incident.js';
import { appendTo, note, opened } from './helpers/store-contract.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aiops-store-sqlite-'));
});
afterEach(() => {
  delete process.env.AIOPS_TEST_MAX_PAGE_COUNT;
  rmSync(dir, { recursive: true, force: true });
});

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('openEventLog: one place a log is opened from a location', () => {
  it('Given no file, When opened without create, Then a UserError says so with a hint and nothing is created, not even the directory', async () => {
    const path = join(dir, 'nested', '.aiops', 'aiops.db');
    for (const opts of [{}, { readonly: true }]) {
      const err = await rejection(openEventLog(path, opts));
      expect(err).toBeInstanceOf(UserError);
      expect(err.message).toBe(`no evidence log at ${path}`);
      expect((err as UserError).hint).toBe('start an incident first, or check the path (--db, $AIOPS_DB, db: in aiops.yaml)');
    }
    expect(existsSync(join(dir, 'nested'))).toBe(false);
    expect(await logExists(path)).toBe(false);
  });

  it('Given no file, When opened with create, Then the directories and a 0600 WAL database are made', async () => {
    const path = join(dir, '.aiops', 'aiops.db');
    const log = await openEventLog(path, { create: true });
    await appendTo(log, 'INC-1', [opened('INC-1')]);
    await log.close();
    expect(await logExists(path)).toBe(true);
    for (const f of readdirSync(join(dir, '.aiops'))) expect(statSync(join(dir, '.aiops', f)).mode & 0o777, f).toBe(0o600);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('Given a directory at the path, Then open and logExists refuse it with a UserError', async () => {
    const path = join(dir, 'aiops.db');
    mkdirSync(path);
    for (const p of [openEventLog(path, { create: true }), logExists(path)]) {
      const err = await rejection(p);
      expect(err).toBeInstanceOf(UserError);
      expect(err.message).toBe(`the evidence log at ${path} is a directory, not a database file`);
    }
  });

  it('Given a FIFO at the path, Then open refuses it at once instead of hanging', async () => {
    const path = join(dir, 'aiops.db');
    execFileSync('mkfifo', [path]);
    for (const opts of [{}, { create: true }, { readonly: true }]) {
      const err = await rejection(openEventLog(path, opts));
      expect(err).toBeInstanceOf(UserError);
      expect(err.message).toBe(`the evidence log at ${path} is a named pipe (FIFO), not a database file`);
    }
  });

  it('Given a postgres URL no server answers, Then the error names host and database and what to do, never the password', async () => {
    const url = 'postgres://aiops:s3cret@127.0.0.1:1/aiops';
    for (const open of [() => openEventLog(url, { create: true }), () => logExists(url)]) {
      const err = await rejection(open());
      expect(err).toBeInstanceOf(OperationFailed);
      expect(err.message).toBe('could not open the evidence log: PostgreSQL at 127.0.0.1:1, database aiops cannot be reached (ECONNREFUSED); nothing was recorded');
      expect((err as OperationFailed).hint).toMatch(/--db/);
      expect(`${err.message} ${(err as OperationFailed).hint}`).not.toContain('s3cret');
    }
  });

  it('Given memory: or :memory:, Then a fresh in-memory log opens, and no log "exists" there beforehand', async () => {
    for (const location of ['memory:', ':memory:']) {
      const log = await openEventLog(location);
      expect(log).toBeInstanceOf(MemoryEventLog);
      expect(await log.head()).toBeNull();
      expect(await logExists(location)).toBe(false);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('Given a file: URL, Then it opens the file it names', async () => {
    const path = join(dir, 'aiops.db');
    const log = await openEventLog(`file://${path}`, { create: true });
    expect(log.location).toBe(path);
    await log.close();
    expect(await logExists(`file://${path}`)).toBe(true);
  });

  it('Given a file where a parent directory should be, When created, Then an OperationFailed names the path', async () => {
    writeFileSync(join(dir, 'plain'), 'x');
    const path = join(dir, 'plain', 'aiops.db');
    const err = await rejection(openEventLog(path, { create: true }));
    expect(err).toBeInstanceOf(OperationFailed);
    expect(err.message).toContain(`could not create the evidence log at ${path}`);
  });

  it('Given a file that is not a database, Then open refuses it as the user\'s to fix (exit 2), naming the path and what it is', async () => {
    const path = join(dir, 'aiops.db');
    writeFileSync(path, 'this is not sqlite, just some text that is long enough to be a header'.repeat(20));
    const err = await rejection(openEventLog(path));
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toBe(`${path} is not an aiops evidence log: it is not a SQLite database at all`);
  });
});

describe('SQLite adapter', () => {
  it('Given a read-only open, Then reads work and a write fails as an OperationFailed that records nothing', async () => {
    const path = join(dir, 'aiops.db');
    const writer = await openEventLog(path, { create: true });
    await appendTo(writer, 'INC-1', [opened('INC-1')]);
    await writer.close();
    const reader = await openEventLog(path, { readonly: true });
    expect((await reader.readIncident('INC-1')).length).toBe(1);
    const err = await rejection(reader.append([note('INC-1', 'x')], { incidentId: 'INC-1', lastSeq: 1 }));
    expect(err).toBeInstanceOf(OperationFailed);
    expect(err.message).toContain(`could not write to the evidence log at ${path}`);
    await reader.close();
  });

  it('Given a database pinned at its size (AIOPS_TEST_MAX_PAGE_COUNT), When appends fill it, Then the failure says full, nothing recorded, and the log still verifies', async () => {
    const path = join(dir, 'aiops.db');
    await (await openEventLog(path, { create: true })).close();
    process.env.AIOPS_TEST_MAX_PAGE_COUNT = '1';
    const log = await openEventLog(path);
    await appendTo(log, 'INC-1', [opened('INC-1')]);
    let err: Error | undefined;
    for (let i = 0; i < 10_000 && !err; i++) {
      err = await log.append([note('INC-1', 'x'.repeat(500))], { incidentId: 'INC-1', lastSeq: await log.incidentLastSeq('INC-1') }).then(() => undefined, (e: Error) => e);
    }
    expect(err).toBeInstanceOf(OperationFailed);
    expect(err!.message).toMatch(/database or disk is full; nothing was recorded/);
    expect(err!.message).not.toContain('SQLITE_');
    expect((await log.verify()).ok).toBe(true);
    await log.close();
  });

  it('Given a log with a types index, Then every incident read plans on the (incident_id, seq) index, never on events_type or a scan', async () => {
    const path = join(dir, 'aiops.db');
    const log = await openEventLog(path, { create: true });
    for (let i = 0; i < 50; i++) await appendTo(log, `INC-${i % 5}`, [i < 5 ? opened(`INC-${i}`) : note(`INC-${i % 5}`, 'n')]);
    await log.close();
    // With statistics gathered, SQLite would be free to prefer events_type for a rare type.
    const db = new Database(path);
    db.exec('ANALYZE');
    for (const typeCount of [null, 1, 3]) {
      for (const newestFirst of [false, true]) {
        const sql = incidentReadSql(typeCount, newestFirst);
        const args = ['INC-1', 0, 1e15, ...Array.from({ length: typeCount ?? 0 }, () => 'note.added'), 10];
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join(' | ');
        expect(plan, sql).toMatch(/^SEARCH events USING INDEX events_incident \(incident_id=\? AND seq>\? AND seq<\?\)$/);
      }
    }
    db.close();
  });

  it('Given a log written by the adapter, Then the tables keep refusing UPDATE and DELETE', async () => {
    const path = join(dir, 'aiops.db');
    const log = await openEventLog(path, { create: true });
    await appendTo(log, 'INC-1', [opened('INC-1')]);
    await log.close();
    const db = new Database(path);
    expect(() => db.prepare("UPDATE events SET actor = 'mallory'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
    db.close();
  });
});
