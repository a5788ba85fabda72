import { type IncidentSummary, SUMMARY_EVENT_TYPES, summarizeAll } from '../../core/incident/summary-row.js';
import { type EventRow, rowToEvent } from '../row-mapping.js';
import type { Query } from './pg-connection.js';

/** Rows per page while the events are folded into listing rows. */
const PAGE = 5000;

/** Every incident's listing row as the events of the log in schema `s` (quoted) give it, read a page at a time in seq order. */
async function deriveSummaries(q: Query, s: string): Promise<Map<string, { openedSeq: number; row: IncidentSummary | undefined }>> {
  const types = [...SUMMARY_EVENT_TYPES];
  const byIncident = new Map<string, { openedSeq: number; row: IncidentSummary | undefined }>();
  for (let after = Number.MIN_SAFE_INTEGER; ; ) {
    const rows = await q<EventRow>(
      `SELECT seq, incident_id, ts, actor, role, type, payload, prev_hash, hash, login FROM ${s}.events WHERE type = ANY($1) AND seq > $2 ORDER BY seq LIMIT ${PAGE}`,
      [types, after],
    );
    for (const r of rows) {
      const known = byIncident.get(r.incident_id) ?? { openedSeq: r.type === 'incident.opened' ? r.seq : 0, row: undefined };
      known.row = summarizeAll(known.row, [rowToEvent(r)]);
      byIncident.set(r.incident_id, known);
    }
    if (rows.length < PAGE) return byIncident;
    after = rows.at(-1)!.seq;
  }
}

/**
 * Makes incident_summaries (the listing rows) what the events give: missing rows written, wrong
 * ones replaced, rows of no incident removed. Returns the incidents whose row it changed. Call in a
 * transaction that holds the append lock, so no append moves the events meanwhile.
 */
export async function rebuildSummaries(q: Query, s: string): Promise<string[]> {
  const derived = await deriveSummaries(q, s);
  const stored = new Map((await q<{ incident_id: string; opened_seq: number; summary: string }>(`SELECT incident_id, opened_seq, summary FROM ${s}.incident_summaries`)).map((r) => [r.incident_id, r]));
  const changed: string[] = [];
  for (const [id, { openedSeq, row }] of derived) {
    if (!row) continue;
    const text = JSON.stringify(row);
    const now = stored.get(id);
    stored.delete(id);
    if (now && now.summary === text && Number(now.opened_seq) === openedSeq) continue;
    await q(`INSERT INTO ${s}.incident_summaries (incident_id, opened_seq, summary) VALUES ($1, $2, $3) ON CONFLICT (incident_id) DO UPDATE SET opened_seq = EXCLUDED.opened_seq, summary = EXCLUDED.summary`, [id, openedSeq, text]);
    changed.push(id);
  }
  for (const id of stored.keys()) {
    await q(`DELETE FROM ${s}.incident_summaries WHERE incident_id = $1`, [id]);
    changed.push(id);
  }
  return changed;
}
