import type Database from 'better-sqlite3';
import type { AttachmentRef, EventOf, NewEvent, StoredEvent } from '../../core/events.js';
import { sha256Hex } from '../../core/hash-chain.js';
import { type EventRow, rowToEvent } from '../row-mapping.js';
import type { IncidentSummary } from '../../core/incident/summary-row.js';
import type { SummaryTextMatch } from '../../core/incident/summary-filter.js';
import type { AppendExpectation, AppendOptions, AppendResult, EventLog, IncidentRead, IncidentVerifyReport, StoredSnapshot, VerifyReport } from '../types.js';
import { type SqliteAppend, prepareAppend } from './append.js';
import { type SqliteReadIncident, prepareReadIncident } from './read-incident.js';
import { storageError } from './storage-error.js';
import { type Place, lazyStatement, prepareSummaries } from './summaries.js';
import { prepareChainEnds, prepareIncidentView } from './verify-views.js';
import type { StoredSummaryRow } from '../verify/summary-check.js';

type Head = { seq: number; hash: string };

/** PRAGMA cache_size while a listing scans the summary rows: 1 MB (negative: KiB). */
const SCAN_CACHE_SIZE = -1024;
/**
 * Summary rows a listing reads a page at a time: ~200 × 500 B keeps a page's string under V8's
 * 128 KB limit for young objects, so each page is garbage by the next young collection and its
 * memory used again. Larger pages go to the large-object space, fresh memory every page, whose
 * page faults cost more than the extra statements.
 */
const SCAN_PAGE_ROWS = 200;

/** The SQLite adapter: better-sqlite3 stays synchronous inside; each method is one statement or one transaction. */
export class SqliteEventLog implements EventLog {
  private readonly appendNow: SqliteAppend;
  private readonly readIncidentNow: SqliteReadIncident;
  private readonly incidentView;
  private readonly ends;
  private readonly stmts;
  private readonly summaryRows;
  private readonly ofTypes = new Map<number, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    readonly location: string,
    /** Found before the database was opened (see missing-wal.ts): reported by every verify. */
    private readonly openWarnings: readonly string[] = [],
  ) {
    this.appendNow = prepareAppend(db);
    this.readIncidentNow = prepareReadIncident(db);
    this.incidentView = prepareIncidentView(db);
    this.ends = prepareChainEnds(db);
    this.summaryRows = prepareSummaries(db);
    this.stmts = {
      incidentLastSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) FROM events WHERE incident_id = ?').pluck(),
      since: db.prepare('SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?'),
      all: db.prepare('SELECT * FROM events ORDER BY seq'),
      opened: db.prepare("SELECT * FROM events WHERE type = 'incident.opened' ORDER BY seq"),
      idsLike: db.prepare("SELECT incident_id FROM events WHERE type = 'incident.opened' AND incident_id LIKE ? ESCAPE '\\'").pluck(),
      snapshot: lazyStatement(db, 'SELECT last_seq AS lastSeq, state AS text FROM incident_snapshots WHERE incident_id = ?'),
      hasSummaries: db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'incident_summaries'"),
      storedSummaries: lazyStatement(db, 'SELECT incident_id, summary FROM incident_summaries'),
      storedSummary: lazyStatement(db, 'SELECT incident_id, summary FROM incident_summaries WHERE incident_id = ?'),
      putAttachment: db.prepare('INSERT OR IGNORE INTO attachments (sha256, name, size, data) VALUES (?, ?, ?, ?)'),
      getAttachment: db.prepare('SELECT name, size, data FROM attachments WHERE sha256 = ?'),
    };
  }

  async append(events: readonly NewEvent[], expect: AppendExpectation, opts?: AppendOptions): Promise<AppendResult> {
    return this.guard('write to', () => this.appendNow(events, expect, opts));
  }

  async readSnapshot(id: string): Promise<StoredSnapshot | undefined> {
    return this.guard('read', () => this.stmts.snapshot().get(id) as StoredSnapshot | undefined);
  }

  async summaries(): Promise<IncidentSummary[]> {
    return this.guard('read', () => this.summaryRows.all());
  }

  async *summaryChunks(match: SummaryTextMatch, separator: string, pageSize = SCAN_PAGE_ROWS): AsyncIterable<string> {
    // A listing reads each page of the summary rows once, so a cache cannot help it; at the
    // default 16 MB the cache fills with freshly touched memory, whose page faults cost ~80 ms of
    // a 100,000-row listing. A 1 MB cache recycles its pages; the size comes back after.
    const cacheSize = this.guard('read', () => this.db.pragma('cache_size', { simple: true }) as number);
    this.guard('read', () => this.db.pragma(`cache_size = ${SCAN_CACHE_SIZE}`));
    try {
      let after: Place = { seq: -1, rowid: -1 };
      for (;;) {
        const page = this.guard('read', () => this.inSnapshot(() => this.summaryRows.chunk(match, separator, after, pageSize)));
        // (a page whose only rows were damaged and no longer match has no text)
        if (page.text !== '') yield page.text;
        if (page.count < pageSize) return;
        after = page.last;
      }
    } finally {
      if (this.db.open) this.guard('read', () => this.db.pragma(`cache_size = ${cacheSize}`));
    }
  }

  async readIncident(id: string, read?: IncidentRead): Promise<StoredEvent[]> {
    return this.guard('read', () => this.readIncidentNow(id, read));
  }

  async incidentLastSeq(id: string): Promise<number> {
    return this.guard('read', () => this.stmts.incidentLastSeq.get(id) as number);
  }

  async head(): Promise<Head | null> {
    return this.guard('read', () => this.ends.last());
  }

  async openedEvents(): Promise<EventOf<'incident.opened'>[]> {
    return this.guard('read', () => (this.stmts.opened.all() as EventRow[]).map(rowToEvent) as EventOf<'incident.opened'>[]);
  }

  async eventsOfTypes(types: readonly string[]): Promise<StoredEvent[]> {
    if (types.length === 0) return [];
    return this.guard('read', () => (this.eventsOfTypesStatement(types.length).all(...types) as EventRow[]).map(rowToEvent));
  }

  async incidentIdsLike(prefix: string): Promise<string[]> {
    const escaped = prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
    return this.guard('read', () => this.stmts.idsLike.all(`${escaped}%`) as string[]);
  }

  async readSince(seq: number, limit: number): Promise<StoredEvent[]> {
    return this.guard('read', () => (this.stmts.since.all(seq, limit) as EventRow[]).map(rowToEvent));
  }

  async putAttachment(data: Uint8Array, name: string): Promise<AttachmentRef> {
    const sha256 = sha256Hex(data);
    this.guard('write to', () =>
      this.db.transaction(() => this.stmts.putAttachment.run(sha256, name, data.byteLength, Buffer.from(data))).immediate(),
    );
    return { sha256, name, size: data.byteLength };
  }

  async getAttachment(sha256: string): Promise<{ name: string; size: number; data: Buffer } | undefined> {
    return this.guard('read', () => this.stmts.getAttachment.get(sha256) as { name: string; size: number; data: Buffer } | undefined);
  }

  async verify(opts: { incidentId?: string; head?: string } = {}): Promise<VerifyReport> {
    const { incidentId, head } = opts;
    if (incidentId !== undefined && head === undefined) {
      const { verifyIncidentView } = await import('../verify/incident-as-log-report.js');
      return this.guard('read', () =>
        this.inSnapshot(() => {
          // Read before iterating: the connection runs no other statement while an iterator is open.
          const listed = this.stmts.hasSummaries.get() !== undefined;
          const row = listed ? (this.stmts.storedSummary().all(incidentId) as StoredSummaryRow[]) : null;
          return verifyIncidentView(incidentId, this.incidentView(incidentId), row);
        }),
      );
    }
    const { walkChain } = await import('../verify/walk-chain.js');
    const report = await this.guard('read', () =>
      this.inSnapshot(() => {
        // Read before iterating: the connection runs no other statement while an iterator is open.
        const recorded = this.ends.recordedHead();
        // A log from before the listing rows (schema 1, opened read-only) has none to compare.
        const listed = this.stmts.hasSummaries.get() !== undefined;
        const rows = this.stmts.all.iterate() as IterableIterator<EventRow>;
        return walkChain(rows, recorded, { ...opts, summaries: listed }, () => (listed ? (this.stmts.storedSummaries().all() as StoredSummaryRow[]) : null));
      }),
    );
    // The chain reads rows through the indexes it needs; a damaged page elsewhere (another index,
    // the free list) reads fine until it is used, so the whole file is checked too.
    const damage = this.guard('read', () => (this.db.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check));
    if (damage.length !== 1 || damage[0] !== 'ok') {
      report.ok = false;
      report.firstBad ??= { seq: 0, incidentId: null, kind: 'corrupt', message: `the database file is damaged (PRAGMA quick_check): ${damage.slice(0, 3).join('; ')}` };
    }
    if (this.openWarnings.length > 0) report.warnings = [...this.openWarnings];
    return report;
  }

  async readVerifiedIncident(id: string): Promise<{ events: StoredEvent[]; report: IncidentVerifyReport }> {
    const events: StoredEvent[] = [];
    const report = await this.scanVerifiedIncident(id, (e) => events.push(e));
    return { events, report };
  }

  async scanVerifiedIncident(id: string, onEvent: (e: StoredEvent) => void): Promise<IncidentVerifyReport> {
    // Verification code loads with the first verified read: a listing never needs it.
    const { walkIncident } = await import('../verify/walk-incident.js');
    return this.guard('read', () => this.inSnapshot(() => walkIncident(id, this.incidentView(id), onEvent)));
  }

  async close(): Promise<void> {
    this.db.close();
  }

  private eventsOfTypesStatement(count: number): Database.Statement {
    let stmt = this.ofTypes.get(count);
    if (!stmt) {
      stmt = this.db.prepare(`SELECT * FROM events WHERE type IN (${Array.from({ length: count }, () => '?').join(', ')}) ORDER BY seq`);
      this.ofTypes.set(count, stmt);
    }
    return stmt;
  }

  /** A deferred read transaction: in WAL mode every read inside sees one snapshot of the log. */
  private inSnapshot<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  private guard<T>(what: string, fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw storageError(err, this.location, what);
    }
  }
}
