import type { AttachmentRef, EventOf, NewEvent, StoredEvent } from '../../core/events.js';
import { GENESIS_HASH, sealEvent, sha256Hex } from '../../core/hash-chain.js';
import { checkAppendBatch, groupOpenedIn } from '../append-batch.js';
import { type EventRow, hashedFieldsOf, rowToEvent } from '../row-mapping.js';
import { type IncidentSummary, summarizeAll } from '../../core/incident/summary-row.js';
import { type SummaryTextMatch, summaryTextMatches } from '../../core/incident/summary-filter.js';
import type { AppendExpectation, AppendOptions, AppendResult, EventLog, IncidentRead, IncidentVerifyReport, StoredSnapshot, VerifyReport } from '../types.js';
import { verifyIncidentView } from '../verify/incident-as-log-report.js';
import { walkChain } from '../verify/walk-chain.js';
import { type IncidentChainView, walkIncident } from '../verify/walk-incident.js';

type Head = { seq: number; hash: string };

/**
 * The in-memory adapter: the same rows as the SQLite table (payload as canonical JSON text), the
 * same seq and hash rule, the same conflict rule and the same verification walks. Lives as long
 * as the process; drills and tests use it.
 */
export class MemoryEventLog implements EventLog {
  readonly location = 'memory:';
  private rows: EventRow[] = [];
  private bySeq = new Map<number, EventRow>();
  private byIncident = new Map<string, EventRow[]>();
  private recordedHead: Head | undefined;
  private readonly snapshots = new Map<string, StoredSnapshot>();
  /** Insertion order is the order incidents were opened in. */
  private readonly summaryRows = new Map<string, IncidentSummary>();
  private readonly attachments = new Map<string, { name: string; size: number; data: Buffer }>();
  private closed = false;

  async append(events: readonly NewEvent[], expect: AppendExpectation, opts: AppendOptions = {}): Promise<AppendResult> {
    this.checkOpen();
    checkAppendBatch(events, expect);
    const lastSeq = this.lastSeqOf(expect.incidentId);
    if (lastSeq !== expect.lastSeq) return { ok: false, reason: 'conflict', lastSeq };
    if (expect.newGroup) {
      const { key, seenAt } = expect.newGroup;
      const opened = groupOpenedIn(this.rows.filter((r) => r.seq > seenAt && r.type === 'incident.opened'), key);
      if (opened !== undefined) return { ok: false, reason: 'group-opened', incidentId: opened };
    }
    const head = this.lastRow();
    let seq = head?.seq ?? 0;
    let prev = head?.hash ?? GENESIS_HASH;
    const sealed: EventRow[] = [];
    const stored: StoredEvent[] = [];
    for (const e of events) {
      seq += 1;
      const { payloadText, hash } = sealEvent(prev, hashedFieldsOf(seq, e));
      sealed.push({ seq, incident_id: e.incidentId, ts: e.ts, actor: e.actor, role: e.role, type: e.type, payload: payloadText, prev_hash: prev, hash });
      stored.push({ seq, incidentId: e.incidentId, ts: e.ts, actor: e.actor, role: e.role, type: e.type, payload: e.payload, prevHash: prev, hash } as StoredEvent);
      prev = hash;
    }
    if (sealed.length === 0) return { ok: true, events: stored };
    // Everything is computed before anything is stored, so a payload with no JSON form (or a
    // snapshot that throws) leaves the log as it was, as a rolled-back transaction would.
    const summary = summarizeAll(this.summaryRows.get(expect.incidentId), stored);
    const snapshot = opts.snapshot?.(stored);
    for (const row of sealed) this.index(row);
    this.recordedHead = { seq, hash: prev };
    if (summary) this.summaryRows.set(expect.incidentId, summary);
    if (snapshot !== undefined) this.snapshots.set(expect.incidentId, { lastSeq: seq, text: snapshot });
    return { ok: true, events: stored };
  }

  async readIncident(id: string, read: IncidentRead = {}): Promise<StoredEvent[]> {
    this.checkOpen();
    if (read.types?.length === 0 || (read.limit !== undefined && read.limit <= 0)) return [];
    const after = read.afterSeq ?? 0;
    const before = read.beforeSeq ?? Number.MAX_SAFE_INTEGER;
    const types = read.types ? new Set(read.types) : null;
    const matching = (this.byIncident.get(id) ?? []).filter((r) => r.seq > after && r.seq < before && (!types || types.has(r.type)));
    const limited = read.limit === undefined ? matching : read.newestFirst ? matching.slice(-read.limit) : matching.slice(0, read.limit);
    return limited.map(rowToEvent);
  }

  async readSnapshot(id: string): Promise<StoredSnapshot | undefined> {
    this.checkOpen();
    const found = this.snapshots.get(id);
    return found && { ...found };
  }

  async summaries(): Promise<IncidentSummary[]> {
    this.checkOpen();
    return [...this.summaryRows.values()].map((r) => ({ ...r }));
  }

  async *summaryChunks(match: SummaryTextMatch, separator: string, pageSize = 1_000): AsyncIterable<string> {
    this.checkOpen();
    const texts = [...this.summaryRows.values()].map((r) => JSON.stringify(r)).filter((t) => summaryTextMatches(t, match));
    for (let i = 0; i < texts.length; i += pageSize) yield texts.slice(i, i + pageSize).join(separator);
  }

  /** A test hook: rewrites an incident's stored snapshot (as editing the SQLite table would). */
  tamperSnapshot(id: string, edit: (s: StoredSnapshot | undefined) => StoredSnapshot | undefined): void {
    const edited = edit(this.snapshots.get(id));
    if (edited) this.snapshots.set(id, edited);
    else this.snapshots.delete(id);
  }

  /** A test hook: rewrites (or, with null, deletes) an incident's listing row (as editing the SQLite table would). */
  tamperSummary(id: string, text: string | null): void {
    if (text === null) this.summaryRows.delete(id);
    else this.summaryRows.set(id, JSON.parse(text) as IncidentSummary);
  }

  async incidentLastSeq(id: string): Promise<number> {
    this.checkOpen();
    return this.lastSeqOf(id);
  }

  async head(): Promise<Head | null> {
    this.checkOpen();
    const last = this.lastRow();
    return last ? { seq: last.seq, hash: last.hash } : null;
  }

  async openedEvents(): Promise<EventOf<'incident.opened'>[]> {
    return (await this.eventsOfTypes(['incident.opened'])) as EventOf<'incident.opened'>[];
  }

  async eventsOfTypes(types: readonly string[]): Promise<StoredEvent[]> {
    this.checkOpen();
    const wanted = new Set(types);
    return this.rows.filter((r) => wanted.has(r.type)).map(rowToEvent);
  }

  async incidentIdsLike(prefix: string): Promise<string[]> {
    this.checkOpen();
    // As SQLite's LIKE matches: ASCII letters in either case, everything else exactly.
    const wanted = asciiLower(prefix);
    return this.rows.filter((r) => r.type === 'incident.opened' && asciiLower(r.incident_id).startsWith(wanted)).map((r) => r.incident_id);
  }

  async readSince(seq: number, limit: number): Promise<StoredEvent[]> {
    this.checkOpen();
    const out: StoredEvent[] = [];
    for (const r of this.rows) {
      if (out.length >= limit) break;
      if (r.seq > seq) out.push(rowToEvent(r));
    }
    return out;
  }

  async putAttachment(data: Uint8Array, name: string): Promise<AttachmentRef> {
    this.checkOpen();
    const sha256 = sha256Hex(data);
    // Stored by content: the first name given for these bytes stays, as INSERT OR IGNORE keeps it.
    if (!this.attachments.has(sha256)) this.attachments.set(sha256, { name, size: data.byteLength, data: Buffer.from(data) });
    return { sha256, name, size: data.byteLength };
  }

  async getAttachment(sha256: string): Promise<{ name: string; size: number; data: Buffer } | undefined> {
    this.checkOpen();
    const found = this.attachments.get(sha256);
    return found && { name: found.name, size: found.size, data: Buffer.from(found.data) };
  }

  async verify(opts: { incidentId?: string; head?: string } = {}): Promise<VerifyReport> {
    this.checkOpen();
    const id = opts.incidentId;
    if (id !== undefined && opts.head === undefined) {
      const row = this.summaryRows.get(id);
      return verifyIncidentView(id, this.incidentView(id), row ? [{ incident_id: id, summary: JSON.stringify(row) }] : []);
    }
    const stored = () => [...this.summaryRows].map(([id, row]) => ({ incident_id: id, summary: JSON.stringify(row) }));
    return walkChain(this.rows, this.recordedHead, { ...opts, summaries: true }, stored);
  }

  async readVerifiedIncident(id: string): Promise<{ events: StoredEvent[]; report: IncidentVerifyReport }> {
    const events: StoredEvent[] = [];
    const report = await this.scanVerifiedIncident(id, (e) => events.push(e));
    return { events, report };
  }

  async scanVerifiedIncident(id: string, onEvent: (e: StoredEvent) => void): Promise<IncidentVerifyReport> {
    this.checkOpen();
    return walkIncident(id, this.incidentView(id), onEvent);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /**
   * A test hook: rewrites the stored rows behind the log's back (as editing the SQLite file with
   * its triggers dropped would), leaving the recorded chain head as it was.
   */
  tamperRows(edit: (rows: EventRow[]) => EventRow[]): void {
    const edited = edit(this.rows.map((r) => ({ ...r }))).sort((a, b) => a.seq - b.seq);
    this.rows = [];
    this.bySeq = new Map();
    this.byIncident = new Map();
    for (const row of edited) this.index(row);
  }

  private index(row: EventRow): void {
    this.rows.push(row);
    this.bySeq.set(row.seq, row);
    const own = this.byIncident.get(row.incident_id);
    if (own) own.push(row);
    else this.byIncident.set(row.incident_id, [row]);
  }

  private incidentView(id: string): IncidentChainView {
    const last = this.lastRow();
    return {
      rows: this.byIncident.get(id) ?? [],
      hashAt: (seq) => this.bySeq.get(seq)?.hash,
      prevHashAt: (seq) => this.bySeq.get(seq)?.prev_hash,
      last: last ? { seq: last.seq, hash: last.hash } : null,
      recordedHead: this.recordedHead,
    };
  }

  private lastRow(): EventRow | undefined {
    return this.rows[this.rows.length - 1];
  }

  private lastSeqOf(id: string): number {
    const own = this.byIncident.get(id);
    return own && own.length > 0 ? own[own.length - 1]!.seq : 0;
  }

  private checkOpen(): void {
    if (this.closed) throw new Error('the in-memory evidence log is closed');
  }
}

function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}
