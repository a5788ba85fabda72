import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { AttachmentRef, EventOf, NewEvent, StoredEvent } from '../core/events.js';
import { GENESIS_HASH, sealEvent, sha256Hex } from '../core/hash-chain.js';
import { OperationFailed } from '../core/errors.js';
import { migrate } from './migrations.js';
import { type EventRow, hashedFieldsOf, rowToEvent } from './row-mapping.js';
import type { IncidentVerifyReport, VerifyReport } from './types.js';
/** What a write transaction may do; reads inside it see every commit before it. */
interface StoreTx {
  readIncident(id: string): StoredEvent[];
  append(events: NewEvent[]): StoredEvent[];
  putAttachment(data: Uint8Array, name: string): AttachmentRef;
  incidentIdsLike(prefix: string): string[];
}

/** The evidence log behind a small interface; no SQLite types leak out of src/store. */
interface EvidenceStore {
  readonly path: string;
  append(events: NewEvent[]): StoredEvent[];
  transaction<T>(fn: (tx: StoreTx) => T): T;
  readIncident(id: string, afterSeq?: number): StoredEvent[];
  readSince(seq: number, limit?: number): StoredEvent[];
  lastSeq(incidentId?: string): number;
  openedEvents(): EventOf<'incident.opened'>[];
  incidentEventsOfTypes(types: string[]): StoredEvent[];
  /** One incident's events of these types, in seq order (e.g. every note, without the rest). */
  readIncidentOfTypes(id: string, types: string[]): StoredEvent[];
  putAttachment(data: Uint8Array, name: string): AttachmentRef;
  getAttachment(sha256: string): { name: string; size: number; data: Buffer } | undefined;
  verify(opts?: { incidentId?: string; head?: string }): VerifyReport;
  /** One incident's events, read and checked in one pass (see IncidentVerifyReport for what that proves). */
  readVerifiedIncident(id: string): { events: StoredEvent[]; report: IncidentVerifyReport };
  /** The same check, handing each event to `onEvent` in seq order instead of keeping them all. */
  scanVerifiedIncident(id: string, onEvent: (e: StoredEvent) => void): IncidentVerifyReport;
  close(): void;
}

import { verifyChain } from './verify-chain.js';
import { readVerifiedIncident, scanVerifiedIncident } from './verify-incident.js';

export interface OpenOptions {
  /** How long a writer waits for another process's transaction, in ms. */
  busyTimeoutMs?: number;
  readonly?: boolean;
}

const DB_MODE = 0o600;

/** Opens (creating if needed) the evidence log: WAL, synchronous=FULL, mode 0600, migrated. */
export function openStore(path: string, opts: OpenOptions = {}): EvidenceStore {
  if (opts.readonly && !existsSync(path)) {
    throw new OperationFailed(`no evidence log at ${path}`, { hint: 'start an incident first, or pass --db PATH' });
  }
  if (!opts.readonly) {
    mkdirSync(dirname(path), { recursive: true });
    // Create the file ourselves so it is 0600 from the first byte; SQLite gives -wal/-shm the same mode.
    closeSync(openSync(path, 'a', DB_MODE));
  }
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: opts.busyTimeoutMs ?? 15_000, readonly: opts.readonly ?? false });
    // A reader takes the log as it is: a copy made with VACUUM INTO or .backup is not in WAL mode,
    // and switching it would be a write.
    if (!opts.readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    const maxPages = process.env.AIOPS_TEST_MAX_PAGE_COUNT;
    if (maxPages) db.pragma(`max_page_count = ${Number(maxPages)}`);
    if (!opts.readonly) migrate(db, path);
  } catch (err) {
    throw storageError(err, path, 'open');
  }
  if (!opts.readonly) tightenModes(path);
  return new SqliteStore(db, path);
}

function tightenModes(path: string): void {
  for (const p of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      chmodSync(p, DB_MODE);
    } catch {
      // -wal/-shm may not exist yet; SQLite creates them with the database file's mode.
    }
  }
}

/** Turns SQLite failures into messages that say what happened and that nothing was recorded. */
export function storageError(err: unknown, path: string, what: string): Error {
  if (err instanceof OperationFailed) return err;
  const code = (err as { code?: string }).code ?? '';
  const msg = (err as Error).message ?? String(err);
  if (code === 'SQLITE_FULL') {
    return new OperationFailed(`could not ${what} the evidence log at ${path}: the database or disk is full; nothing was recorded`, {
      hint: 'free disk space, then run the command again',
      cause: err,
    });
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new OperationFailed(`the evidence log at ${path} stayed locked by another aiops process; nothing was recorded`, {
      hint: 'run the command again in a moment',
      cause: err,
    });
  }
  if (code.startsWith('SQLITE_')) {
    return new OperationFailed(`could not ${what} the evidence log at ${path}: ${msg}`, { cause: err });
  }
  return err instanceof Error ? err : new Error(msg);
}

class SqliteStore implements EvidenceStore {
  private readonly stmts;

  constructor(
    private readonly db: Database.Database,
    readonly path: string,
  ) {
    this.stmts = {
      head: db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1'),
      insert: db.prepare(
        'INSERT INTO events (seq, incident_id, ts, actor, role, type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      setHead: db.prepare('INSERT INTO chain_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash'),
      byIncident: db.prepare('SELECT * FROM events WHERE incident_id = ? AND seq > ? ORDER BY seq'),
      since: db.prepare('SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?'),
      lastSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM events'),
      lastSeqOf: db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM events WHERE incident_id = ?'),
      opened: db.prepare("SELECT * FROM events WHERE type = 'incident.opened' ORDER BY seq"),
      idsLike: db.prepare("SELECT incident_id FROM events WHERE type = 'incident.opened' AND incident_id LIKE ? ESCAPE '\\'"),
      putAttachment: db.prepare('INSERT OR IGNORE INTO attachments (sha256, name, size, data) VALUES (?, ?, ?, ?)'),
      getAttachment: db.prepare('SELECT name, size, data FROM attachments WHERE sha256 = ?'),
    };
  }

  append(events: NewEvent[]): StoredEvent[] {
    return this.transaction((tx) => tx.append(events));
  }

  transaction<T>(fn: (tx: StoreTx) => T): T {
    const tx: StoreTx = {
      readIncident: (id) => this.readIncident(id),
      append: (events) => this.appendInTx(events),
      putAttachment: (data, name) => this.putAttachmentInTx(data, name),
      incidentIdsLike: (prefix) => this.idsLike(prefix),
    };
    try {
      return this.db.transaction(() => fn(tx)).immediate();
    } catch (err) {
      throw storageError(err, this.path, 'write to');
    }
  }

  private appendInTx(events: NewEvent[]): StoredEvent[] {
    const head = this.stmts.head.get() as { seq: number; hash: string } | undefined;
    let seq = head?.seq ?? 0;
    let prev = head?.hash ?? GENESIS_HASH;
    const stored: StoredEvent[] = [];
    for (const e of events) {
      seq += 1;
      const { payloadText, hash } = sealEvent(prev, hashedFieldsOf(seq, e));
      this.stmts.insert.run(seq, e.incidentId, e.ts, e.actor, e.role, e.type, payloadText, prev, hash);
      // An explicit literal in rowToEvent's key order: spreading `e` costs ~3 µs an event on bulk appends.
      stored.push({ seq, incidentId: e.incidentId, ts: e.ts, actor: e.actor, role: e.role, type: e.type, payload: e.payload, prevHash: prev, hash } as StoredEvent);
      prev = hash;
    }
    if (events.length > 0) this.stmts.setHead.run(seq, prev);
    return stored;
  }

  readIncident(id: string, afterSeq = 0): StoredEvent[] {
    return (this.stmts.byIncident.all(id, afterSeq) as EventRow[]).map(rowToEvent);
  }

  readSince(seq: number, limit = 1_000_000): StoredEvent[] {
    return (this.stmts.since.all(seq, limit) as EventRow[]).map(rowToEvent);
  }

  lastSeq(incidentId?: string): number {
    const row = (incidentId ? this.stmts.lastSeqOf.get(incidentId) : this.stmts.lastSeq.get()) as { seq: number };
    return row.seq;
  }

  openedEvents(): EventOf<'incident.opened'>[] {
    return (this.stmts.opened.all() as EventRow[]).map(rowToEvent) as EventOf<'incident.opened'>[];
  }

  incidentEventsOfTypes(types: string[]): StoredEvent[] {
    if (types.length === 0) return [];
    const marks = types.map(() => '?').join(', ');
    return (this.db.prepare(`SELECT * FROM events WHERE type IN (${marks}) ORDER BY seq`).all(...types) as EventRow[]).map(
      rowToEvent,
    );
  }

  readIncidentOfTypes(id: string, types: string[]): StoredEvent[] {
    if (types.length === 0) return [];
    const marks = types.map(() => '?').join(', ');
    return (this.db.prepare(`SELECT * FROM events WHERE incident_id = ? AND type IN (${marks}) ORDER BY seq`).all(id, ...types) as EventRow[]).map(rowToEvent);
  }

  private idsLike(prefix: string): string[] {
    const escaped = prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
    return (this.stmts.idsLike.all(`${escaped}%`) as { incident_id: string }[]).map((r) => r.incident_id);
  }

  putAttachment(data: Uint8Array, name: string): AttachmentRef {
    return this.transaction((tx) => tx.putAttachment(data, name));
  }

  private putAttachmentInTx(data: Uint8Array, name: string): AttachmentRef {
    const sha256 = sha256Hex(data);
    this.stmts.putAttachment.run(sha256, name, data.byteLength, Buffer.from(data));
    return { sha256, name, size: data.byteLength };
  }

  getAttachment(sha256: string): { name: string; size: number; data: Buffer } | undefined {
    return this.stmts.getAttachment.get(sha256) as { name: string; size: number; data: Buffer } | undefined;
  }

  verify(opts: { incidentId?: string; head?: string } = {}): VerifyReport {
    return verifyChain(this.db, opts);
  }

  readVerifiedIncident(id: string): { events: StoredEvent[]; report: IncidentVerifyReport } {
    return readVerifiedIncident(this.db, id);
  }

  scanVerifiedIncident(id: string, onEvent: (e: StoredEvent) => void): IncidentVerifyReport {
    return scanVerifiedIncident(this.db, id, onEvent);
  }

  close(): void {
    this.db.close();
  }
}
