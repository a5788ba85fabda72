import type { AttachmentRef, EventOf, NewEvent, StoredEvent } from '../../core/events.js';
import { sha256Hex } from '../../core/hash-chain.js';
import { assertHeadRecorded, checkAppendBatch, groupOpenedIn } from '../append-batch.js';
import { type EventRow, rowToEvent } from '../row-mapping.js';
import type { AppendExpectation, AppendOptions, AppendResult, EventLog, IncidentRead, IncidentVerifyReport, StoredSnapshot, VerifyReport } from '../types.js';
import { type IncidentSummary, SUMMARY_EVENT_TYPES, summarizeAll } from '../../core/incident/summary-row.js';
import { type SummaryTextMatch, summaryTextMatches } from '../../core/incident/summary-filter.js';
import { summaryFromText } from '../../core/incident/summary-shape.js';
import { summaryFromEvents } from '../rebuild-summary.js';
import { verifyIncidentView } from '../verify/incident-as-log-report.js';
import type { StoredSummaryRow } from '../verify/summary-check.js';
import { chainWalker } from '../verify/walk-chain.js';
import { type IncidentChainView, walkIncident } from '../verify/walk-incident.js';
import { type ConnectionChange, EVENTS_CHANNEL, type PgConn, type Query } from './pg-connection.js';
import { APPEND_LOCK } from './pg-migrations.js';
import { type AppendHints, type Head, appendInOneTrip, sealAfter } from './pg-append.js';

const COLUMNS = 'seq, incident_id, ts, actor, role, type, payload, prev_hash, hash, login';
const INSERT_COLUMNS = 'seq, incident_id, ts, actor, role, type, payload, prev_hash, hash';
/** Rows per INSERT statement (9 parameters each, under the protocol's 65535). */
const INSERT_CHUNK = 1000;
/** Rows per page of a whole-chain walk. */
const PAGE = 5000;
const SNAPSHOT = 'ISOLATION LEVEL REPEATABLE READ READ ONLY';

/**
 * The PostgreSQL adapter (the only user of `pg`, through PgConn). Appends serialise on a
 * transaction-scoped advisory lock, so the chain stays linear whichever host writes; the incident
 * expectation is checked inside that transaction; every row carries the login the server stamped
 * (session_user), and its hash covers it. It keeps no incident snapshots: a row any writer's login
 * may write would decide everyone's commands, so a command decides on the fold of the events.
 */
export class PgEventLog implements EventLog {
  constructor(
    private readonly conn: PgConn,
    readonly location: string,
  ) {}

  /** The database login this log writes as: the identity of every event it appends. */
  get login(): string {
    return this.conn.login;
  }

  /** What this process last saw of the log: an append sealed after it costs one round trip. */
  private readonly hints: AppendHints = { head: undefined, summaries: new Map() };

  async append(events: readonly NewEvent[], expect: AppendExpectation, _opts: AppendOptions = {}): Promise<AppendResult> {
    checkAppendBatch(events, expect);
    const login = this.conn.login;
    // One round trip when the head this process saw is still the head; a second when it learnt the
    // head (and summary row) from the first. Other writers moving the head meanwhile, or an alert
    // group's new incident (checked against the incidents opened meanwhile): the locked path.
    // `opts.snapshot` is never called: this log keeps none (see the class comment).
    for (let trip = 0; trip < 2 && !expect.newGroup; trip++) {
      const r = await appendInOneTrip(this.conn.query, events, expect, this.hints, login);
      if (r.kind === 'ok') return { ok: true, events: r.stored };
      if (r.kind === 'conflict') return { ok: false, reason: 'conflict', lastSeq: r.lastSeq };
    }
    return this.appendLocked(events, expect, login);
  }

  /** The append in one transaction that holds the lock while it reads the head: it never finds the head moved. */
  private async appendLocked(events: readonly NewEvent[], expect: AppendExpectation, login: string): Promise<AppendResult> {
    const result = await this.conn.transaction(async (q) => {
      const [now] = await q<{ last: number; head_seq: number | null; head_hash: string | null; rec_seq: number | null; rec_hash: string | null }>(
        'SELECT (SELECT COALESCE(max(seq), 0) FROM events WHERE incident_id = $1) AS last, h.seq AS head_seq, h.hash AS head_hash, ' +
          'r.seq AS rec_seq, r.hash AS rec_hash FROM (SELECT 1) one LEFT JOIN (SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1) h ON true ' +
          'LEFT JOIN chain_head r ON r.id = 1',
        [expect.incidentId],
      );
      const lastSeq = Number(now!.last);
      if (lastSeq !== expect.lastSeq) return { ok: false, reason: 'conflict', lastSeq } as AppendResult;
      if (expect.newGroup) {
        const opened = await q<{ incident_id: string; payload: string }>("SELECT incident_id, payload FROM events WHERE type = 'incident.opened' AND seq > $1", [expect.newGroup.seenAt]);
        const other = groupOpenedIn(opened, expect.newGroup.key);
        if (other !== undefined) return { ok: false, reason: 'group-opened', incidentId: other } as AppendResult;
      }
      const head = now!.head_seq === null ? null : { seq: Number(now!.head_seq), hash: now!.head_hash! };
      assertHeadRecorded(head ?? undefined, now!.rec_seq === null ? undefined : { seq: Number(now!.rec_seq), hash: now!.rec_hash! });
      const { rows: values, stored, seq } = sealAfter(events, head, login);
      for (let i = 0; i < values.length; i += INSERT_CHUNK) {
        const last = i + INSERT_CHUNK >= values.length;
        await insertRows(q, values.slice(i, i + INSERT_CHUNK), last ? String(seq) : null);
      }
      await writeSummaryRow(q, expect.incidentId, stored);
      return { ok: true, events: stored } as AppendResult;
    }, { begin: `; SELECT pg_advisory_xact_lock(${APPEND_LOCK})` });
    if (result.ok) this.hints.head = { seq: result.events.at(-1)!.seq, hash: result.events.at(-1)!.hash };
    return result;
  }

  async readIncident(id: string, read: IncidentRead = {}): Promise<StoredEvent[]> {
    if (read.types?.length === 0 || (read.limit !== undefined && read.limit <= 0)) return [];
    const newestFirst = read.newestFirst === true;
    const params: unknown[] = [id, read.afterSeq ?? 0, read.beforeSeq ?? Number.MAX_SAFE_INTEGER, read.limit ?? null];
    const types = read.types ? ` AND type = ANY($5)` : '';
    if (read.types) params.push(read.types);
    const rows = await this.conn.query<EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE incident_id = $1 AND seq > $2 AND seq < $3${types} ORDER BY seq ${newestFirst ? 'DESC' : 'ASC'} LIMIT $4`,
      params,
    );
    if (newestFirst) rows.reverse();
    return rows.map(rowToEvent);
  }

  incidentLastSeq(id: string): Promise<number> {
    return lastSeqOf(this.conn.query, id);
  }

  async head(): Promise<Head | null> {
    return (await lastRow(this.conn.query)) ?? null;
  }

  async openedEvents(): Promise<EventOf<'incident.opened'>[]> {
    const rows = await this.conn.query<EventRow>(`SELECT ${COLUMNS} FROM events WHERE type = 'incident.opened' ORDER BY seq`);
    return rows.map(rowToEvent) as EventOf<'incident.opened'>[];
  }

  /** None, ever: on a shared server a stored state is a row another login could have written. */
  async readSnapshot(_id: string): Promise<StoredSnapshot | undefined> {
    return undefined;
  }

  async summaries(): Promise<IncidentSummary[]> {
    const rows = await this.conn.query<{ incident_id: string; summary: string }>('SELECT incident_id, summary FROM incident_summaries ORDER BY opened_seq');
    const out: IncidentSummary[] = [];
    for (const r of rows) {
      const row = summaryFromText(r.summary, r.incident_id) ?? (await this.summaryFromEvents(r.incident_id));
      if (row) out.push(row);
    }
    return out;
  }

  async *summaryChunks(match: SummaryTextMatch, separator: string, pageSize = 1_000): AsyncIterable<string> {
    const rows = await this.conn.query<{ incident_id: string; summary: string }>('SELECT incident_id, summary FROM incident_summaries ORDER BY opened_seq');
    const texts: string[] = [];
    for (const r of rows) {
      if (!summaryTextMatches(r.summary, match)) continue;
      // Written as stored into the --json document: a row that is not one is rebuilt from the events.
      if (summaryFromText(r.summary, r.incident_id)) texts.push(r.summary);
      else {
        const row = await this.summaryFromEvents(r.incident_id);
        const rebuilt = row && JSON.stringify(row);
        if (rebuilt && summaryTextMatches(rebuilt, match)) texts.push(rebuilt);
      }
    }
    for (let i = 0; i < texts.length; i += pageSize) yield texts.slice(i, i + pageSize).join(separator);
  }

  private async summaryFromEvents(id: string): Promise<IncidentSummary | undefined> {
    return summaryFromEvents(await this.readIncident(id, { types: [...SUMMARY_EVENT_TYPES] }));
  }

  async eventsOfTypes(types: readonly string[]): Promise<StoredEvent[]> {
    if (types.length === 0) return [];
    return (await this.conn.query<EventRow>(`SELECT ${COLUMNS} FROM events WHERE type = ANY($1) ORDER BY seq`, [types])).map(rowToEvent);
  }

  async incidentIdsLike(prefix: string): Promise<string[]> {
    const escaped = prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
    const rows = await this.conn.query<{ incident_id: string }>(
      "SELECT incident_id FROM events WHERE type = 'incident.opened' AND incident_id ILIKE $1 ESCAPE '\\' ORDER BY seq",
      [`${escaped}%`],
    );
    return rows.map((r) => r.incident_id);
  }

  async readSince(seq: number, limit: number): Promise<StoredEvent[]> {
    return (await this.conn.query<EventRow>(`SELECT ${COLUMNS} FROM events WHERE seq > $1 ORDER BY seq LIMIT $2`, [seq, limit])).map(rowToEvent);
  }

  async putAttachment(data: Uint8Array, name: string): Promise<AttachmentRef> {
    const sha256 = sha256Hex(data);
    await this.conn.query('INSERT INTO attachments (sha256, name, size, data) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING', [sha256, name, data.byteLength, Buffer.from(data)], 'write to');
    return { sha256, name, size: data.byteLength };
  }

  async getAttachment(sha256: string): Promise<{ name: string; size: number; data: Buffer } | undefined> {
    const rows = await this.conn.query<{ name: string; size: number; data: Buffer }>('SELECT name, size, data FROM attachments WHERE sha256 = $1', [sha256]);
    return rows[0];
  }

  async verify(opts: { incidentId?: string; head?: string } = {}): Promise<VerifyReport> {
    const { incidentId, head } = opts;
    return this.conn.transaction(async (q) => {
      // A log from before the listing rows (schema 1, read by a reader) has none to compare.
      const [listed] = await q<{ t: string | null }>("SELECT to_regclass('incident_summaries') AS t");
      if (incidentId !== undefined && head === undefined) {
        const view = await incidentView(q, incidentId);
        const row = listed?.t ? await q<StoredSummaryRow>('SELECT incident_id, summary FROM incident_summaries WHERE incident_id = $1', [incidentId]) : null;
        return verifyIncidentView(incidentId, view, row);
      }
      const walker = chainWalker({ ...opts, summaries: Boolean(listed?.t) });
      // The first page has no lower bound, so a row planted at seq 0 or below is walked too.
      let rows = await q<EventRow>(`SELECT ${COLUMNS} FROM events ORDER BY seq LIMIT ${PAGE}`);
      for (;;) {
        for (const r of rows) walker.push(r);
        if (rows.length < PAGE) break;
        rows = await q<EventRow>(`SELECT ${COLUMNS} FROM events WHERE seq > $1 ORDER BY seq LIMIT ${PAGE}`, [rows.at(-1)!.seq]);
      }
      const stored = listed?.t ? await q<StoredSummaryRow>('SELECT incident_id, summary FROM incident_summaries') : null;
      return walker.finish(await recordedHead(q), stored);
    }, { begin: SNAPSHOT, what: 'read' });
  }

  async readVerifiedIncident(id: string): Promise<{ events: StoredEvent[]; report: IncidentVerifyReport }> {
    const events: StoredEvent[] = [];
    const report = await this.scanVerifiedIncident(id, (e) => events.push(e));
    return { events, report };
  }

  async scanVerifiedIncident(id: string, onEvent: (e: StoredEvent) => void): Promise<IncidentVerifyReport> {
    const view = await this.conn.transaction((q) => incidentView(q, id), { begin: SNAPSHOT, what: 'read' });
    return walkIncident(id, view, (e) => {
      const login = view.logins.get(e.seq);
      onEvent(login === undefined ? e : ({ ...e, login } as StoredEvent));
    });
  }

  /**
   * Calls `onNew` with the new head seq whenever any writer, on any host, commits events
   * (LISTEN/NOTIFY: no polling). The returned function stops listening.
   */
  subscribe(onNew: (seq: number) => void): Promise<() => Promise<void>> {
    // After a lost connection is made again: what was committed meanwhile was not heard.
    return this.conn.listen(EVENTS_CHANNEL, (payload) => onNew(Number(payload)), () => void this.head().then((h) => onNew(h?.seq ?? 0), () => {}));
  }

  onConnectionChange(onChange: (change: ConnectionChange) => void): () => void {
    return this.conn.onConnectionChange(onChange);
  }

  async close(): Promise<void> {
    await this.conn.end();
  }
}

async function lastSeqOf(q: Query, id: string): Promise<number> {
  const rows = await q<{ s: number }>('SELECT COALESCE(max(seq), 0) AS s FROM events WHERE incident_id = $1', [id]);
  return Number(rows[0]!.s);
}

async function lastRow(q: Query): Promise<Head | undefined> {
  return (await q<Head>('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1'))[0];
}

async function recordedHead(q: Query): Promise<Head | undefined> {
  return (await q<Head>('SELECT seq, hash FROM chain_head WHERE id = 1'))[0];
}

/** The incident's summary row, in the append's transaction. */
async function writeSummaryRow(q: Query, id: string, stored: readonly StoredEvent[]): Promise<void> {
  const relevant = stored.filter((e) => SUMMARY_EVENT_TYPES.has(e.type));
  if (relevant.length === 0) return;
  const [prev] = await q<{ summary: string }>('SELECT summary FROM incident_summaries WHERE incident_id = $1', [id]);
  const read = prev ? summaryFromText(prev.summary, id) : undefined;
  // A damaged row is folded again from the events, these ones included (inserted just before).
  const row = read === null
    ? summaryFromEvents((await q<EventRow>(`SELECT ${COLUMNS} FROM events WHERE incident_id = $1 AND type = ANY($2) ORDER BY seq`, [id, [...SUMMARY_EVENT_TYPES]])).map(rowToEvent))
    : summarizeAll(read, relevant);
  const openedSeq = relevant[0]!.type === 'incident.opened' ? relevant[0]!.seq : 0;
  if (row) {
    await q('INSERT INTO incident_summaries (incident_id, opened_seq, summary) VALUES ($1, $2, $3) ON CONFLICT (incident_id) DO UPDATE SET summary = EXCLUDED.summary', [id, openedSeq, JSON.stringify(row)]);
  }
}

/** Inserts rows; with `notify`, tells listeners (LISTEN aiops_events) of the new head seq in the same statement, delivered at commit. */
async function insertRows(q: Query, rows: unknown[][], notify: string | null): Promise<void> {
  const placeholders = rows.map((_, i) => `(${Array.from({ length: 9 }, (_, j) => `$${i * 9 + j + 1}`).join(', ')})`).join(', ');
  const insert = `INSERT INTO events (${INSERT_COLUMNS}) VALUES ${placeholders}`;
  if (notify === null) {
    await q(insert, rows.flat());
    return;
  }
  const n = rows.length * 9;
  await q(`WITH ins AS (${insert} RETURNING seq) SELECT pg_notify($${n + 1}, $${n + 2}) FROM (SELECT count(*) FROM ins) c`, [...rows.flat(), EVENTS_CHANNEL, notify]);
}

/** One incident's rows and their neighbours seq - 1 / seq + 1, read inside the caller's snapshot. */
async function incidentView(q: Query, id: string): Promise<IncidentChainView & { logins: Map<number, string> }> {
  const rows = await q<EventRow>(`SELECT ${COLUMNS} FROM events WHERE incident_id = $1 ORDER BY seq`, [id]);
  const near = await q<{ seq: number; hash: string; prev_hash: string }>('SELECT seq, hash, prev_hash FROM events WHERE seq = ANY($1)', [
    rows.flatMap((r) => [r.seq - 1, r.seq + 1]),
  ]);
  const bySeq = new Map(near.map((r) => [r.seq, r]));
  return {
    rows,
    hashAt: (seq) => bySeq.get(seq)?.hash,
    prevHashAt: (seq) => bySeq.get(seq)?.prev_hash,
    last: (await lastRow(q)) ?? null,
    recordedHead: await recordedHead(q),
    logins: new Map(rows.map((r) => [r.seq, r.login!])),
  };
}
