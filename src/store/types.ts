import type { AttachmentRef, EventOf, NewEvent, StoredEvent } from '../core/events.js';
import type { IncidentSummary } from '../core/incident/summary-row.js';
import type { SummaryTextMatch } from '../core/incident/summary-filter.js';

export interface VerifyProblem {
  seq: number;
  incidentId: string | null;
  /**
   * forged-actor: found by the app's identity check (an actor who is not the person of the login
   * that wrote the row); attachment-*: by the export's re-hash of the blobs its events name. Never by a walk.
   */
  kind: 'hash-mismatch' | 'broken-link' | 'gap' | 'missing-tail' | 'head-not-found' | 'bad-row' | 'time-backwards' | 'corrupt' | 'forged-actor' | 'attachment-missing' | 'attachment-changed';
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  /**
   * 'incident' when `verify({incidentId})` checked that incident's events and their links only
   * (as readVerifiedIncident does); absent when the whole chain was walked.
   */
  scope?: 'incident';
  /** The events re-hashed: the whole log's, or with scope 'incident' the incident's. */
  events: number;
  incidentEvents: number | null;
  head: { seq: number; hash: string } | null;
  firstBad: VerifyProblem | null;
  headCheck?: { hash: string; found: boolean; seq: number | null };
  /** What the chain alone cannot show but the storage suggests (SQLite: a -wal file gone while its index records frames). */
  warnings?: string[];
  /**
   * A whole-chain walk: the listing rows re-derived from the events and compared with the stored
   * ones. A row that differs fails the report (ok: false) without being a chain break (firstBad).
   */
  summaries?: SummaryCheck;
}

/** A stored listing row (incident_summaries) that its incident's events do not give. */
export interface SummaryProblem {
  incidentId: string;
  /** differs: the row says other than the events; missing: an incident with no row; extra: a row for no incident. */
  kind: 'summary-differs' | 'summary-missing' | 'summary-extra';
  message: string;
}

export interface SummaryCheck {
  /** Stored rows compared. */
  checked: number;
  problems: SummaryProblem[];
}

/**
 * An incident-scoped check (EventLog.readVerifiedIncident): the incident's own events were
 * re-hashed and their links to seq - 1 and seq + 1 checked, and the recorded chain head compared
 * with the log's last row. Other incidents' events were not re-hashed: `verify()` walks the whole chain.
 */
export interface IncidentVerifyReport {
  scope: 'incident';
  ok: boolean;
  /** The incident's events, every one re-hashed. */
  incidentEvents: number;
  /** The recorded chain head (it must be the log's last row). */
  chainHead: { seq: number; hash: string } | null;
  firstBad: VerifyProblem | null;
}

/**
 * What an append expects of the incident it writes to: its last seq as the command saw it
 * (0: the incident must not exist yet). The write is refused as a conflict otherwise, so a
 * command decided on stale state is decided again.
 */
export interface AppendExpectation {
  incidentId: string;
  lastSeq: number;
  /**
   * An incident opened from an alert: the caller found no open incident of alert group `key` in
   * the log as it was at seq `seenAt`. Checked in the write's transaction (under the append lock on
   * PostgreSQL): when an incident opened after `seenAt` carries the same key (drills aside), nothing
   * is written and the caller joins that one instead, so one group opens one incident, whoever writes.
   */
  newGroup?: { key: string; seenAt: number };
}

export type AppendResult =
  | { ok: true; events: StoredEvent[] }
  | { ok: false; reason: 'conflict'; lastSeq: number }
  /** AppendExpectation.newGroup did not hold: `incidentId` was opened for the group meanwhile. */
  | { ok: false; reason: 'group-opened'; incidentId: string };

/**
 * What an append writes beside its events, in the same transaction. The snapshot is a cache of the
 * incident's fold (opaque text to the log), never evidence: verification never reads it.
 */
export interface AppendOptions {
  /**
   * Called inside the transaction with the events as stored: the incident's snapshot after them.
   * PostgreSQL keeps no snapshots and never calls it (readSnapshot there finds none).
   */
  snapshot?: (stored: readonly StoredEvent[]) => string;
}

/** An incident's latest snapshot as the log keeps it: the seq it was taken at and its text. */
export interface StoredSnapshot {
  lastSeq: number;
  text: string;
}

/** How one incident's events are read: by the (incident_id, seq) index, never by scanning the log. */
export interface IncidentRead {
  /** Only events with seq > afterSeq. */
  afterSeq?: number;
  /** Only events with seq < beforeSeq. */
  beforeSeq?: number;
  /** Only these event types. */
  types?: readonly string[];
  /** At most this many, counted from the start (or from the end with `newestFirst`). */
  limit?: number;
  /** The newest `limit` events; still returned oldest first. */
  newestFirst?: boolean;
}

/**
 * The evidence log behind one narrow, asynchronous interface. Adapters: sqlite (the only
 * better-sqlite3 importer), postgres (the only pg importer), memory; one contract suite (test/store-contract.test.ts) runs on each.
 */
export interface EventLog {
  /** Where the log lives, for messages (a path today, a URL tomorrow). */
  readonly location: string;
  /** Appends atomically, chained after the log's head, if the incident is still as expected. */
  append(events: readonly NewEvent[], expect: AppendExpectation, opts?: AppendOptions): Promise<AppendResult>;
  /**
   * The incident's latest snapshot, if one was written (a cache: check it against the events).
   * Only where whoever can write it can rewrite the events too (SQLite, memory); never on PostgreSQL.
   */
  readSnapshot(id: string): Promise<StoredSnapshot | undefined>;
  /**
   * Every incident's summary row in the order they were opened, kept by every append in its
   * transaction (see core/incident/summary-row.ts); reads no events.
   */
  summaries(): Promise<IncidentSummary[]>;
  /**
   * The same rows as their stored JSON text, only those that match, in the same order, a page at
   * a time, each page's texts joined by `separator` into one string: a listing of many incidents
   * streams them without holding or parsing them.
   */
  summaryChunks(match: SummaryTextMatch, separator: string, pageSize?: number): AsyncIterable<string>;
  /** One incident's events in seq order, through the incident index. */
  readIncident(id: string, read?: IncidentRead): Promise<StoredEvent[]>;
  /** The incident's last seq (0 when it does not exist). */
  incidentLastSeq(id: string): Promise<number>;
  /** The last event of the whole log. */
  head(): Promise<{ seq: number; hash: string } | null>;
  /** Every incident.opened, in seq order (the listing). */
  openedEvents(): Promise<EventOf<'incident.opened'>[]>;
  /** Events of these types across every incident, in seq order (listings and reports). */
  eventsOfTypes(types: readonly string[]): Promise<StoredEvent[]>;
  /** Ids of incidents whose id starts with `prefix`. */
  incidentIdsLike(prefix: string): Promise<string[]>;
  /** Events after `seq` across the log, at most `limit` (the export of the whole log pages with it). */
  readSince(seq: number, limit: number): Promise<StoredEvent[]>;
  putAttachment(data: Uint8Array, name: string): Promise<AttachmentRef>;
  getAttachment(sha256: string): Promise<{ name: string; size: number; data: Buffer } | undefined>;
  /**
   * Walks the whole chain and checks every link and hash. With `incidentId` alone it checks that
   * incident's events and their links (cost with the incident, scope 'incident'); with `head` too it
   * walks the whole chain, counting the incident's events, since the kept head may be anywhere.
   */
  verify(opts?: { incidentId?: string; head?: string }): Promise<VerifyReport>;
  /** One incident's events, read and checked in one pass (see IncidentVerifyReport for what that proves). */
  readVerifiedIncident(id: string): Promise<{ events: StoredEvent[]; report: IncidentVerifyReport }>;
  /** The same check, handing each event to `onEvent` in seq order instead of keeping them all. */
  scanVerifiedIncident(id: string, onEvent: (e: StoredEvent) => void): Promise<IncidentVerifyReport>;
  close(): Promise<void>;
  /** PostgreSQL: the database login every append is stamped with (session_user); absent elsewhere. */
  readonly login?: string;
  /**
   * PostgreSQL: calls `onNew` with the new head seq whenever any process on any host commits events
   * (LISTEN/NOTIFY, no polling); resolves to a function that stops listening. Absent elsewhere.
   */
  subscribe?(onNew: (seq: number) => void): Promise<() => Promise<void>>;
  /**
   * PostgreSQL: calls `onChange` when the connection to the server is lost (it is made again on the
   * next call) and when it is made again; returns a function that stops this. Absent elsewhere.
   */
  onConnectionChange?(onChange: (change: { state: 'lost'; reason: string } | { state: 'restored' }) => void): () => void;
}

/** How a log is opened: a location and whether it may be created or written. */
export interface OpenLogOptions {
  /** Open for reading only: refuses a missing log, never writes (no migration, no WAL switch). */
  readonly?: boolean;
  /**
   * Create a SQLite log when it does not exist (only `incident start`, drills and the like may). A
   * PostgreSQL log is created and migrated by `aiops db init` alone, whatever this says.
   */
  create?: boolean;
  /** How long a writer waits for another process's transaction, in ms. */
  busyTimeoutMs?: number;
}
