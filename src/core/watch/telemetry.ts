/** One AI request as `aiops watch` reads it from a JSON Lines telemetry file (issue 19). */
export interface TelemetryRecord {
  /** Milliseconds since the epoch, from `ts`. */
  at: number;
  service: string;
  request_id: string;
  review?: 'approved' | 'rejected' | 'escalated';
  /** Each reviewer's decision, when more than one looked. */
  reviewers?: string[];
  policy_hits?: string[];
  output_class?: string;
  latency_ms?: number;
  cost?: number;
  outcome?: 'good' | 'bad';
  /** Drill traffic (`"drill": true`), kept apart from production; absent (or null) is production. */
  drill?: boolean;
  /** The line as parsed: every field kept, known or not (model, prompt, tools, anything else). */
  fields: Record<string, unknown>;
}

export type TelemetryLine = { ok: true; record: TelemetryRecord } | { ok: false; reason: string };

const REVIEWS = new Set(['approved', 'rejected', 'escalated']);

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reviewers' decisions: `["approved", "rejected"]` or `[{"id": "r1", "decision": "approved"}, …]`. */
function decisions(v: unknown): string[] | undefined | null {
  if (!Array.isArray(v)) return null;
  const out: string[] = [];
  for (const r of v) {
    if (typeof r === 'string') out.push(r);
    else if (isObj(r) && typeof r.decision === 'string') out.push(r.decision);
    else return null;
  }
  return out;
}

/** Parses one telemetry line; a bad line is a value with the reason, never an exception. */
export function parseTelemetryLine(text: string): TelemetryLine {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (!isObj(doc)) return { ok: false, reason: 'not a JSON object' };
  const at = typeof doc.ts === 'string' ? Date.parse(doc.ts) : typeof doc.ts === 'number' ? doc.ts : NaN;
  if (!Number.isFinite(at)) return { ok: false, reason: 'ts is missing or not a time' };
  if (typeof doc.service !== 'string' || !doc.service.trim()) return { ok: false, reason: 'service is missing' };
  if (typeof doc.request_id !== 'string' && typeof doc.request_id !== 'number') return { ok: false, reason: 'request_id is missing' };
  const rec: TelemetryRecord = { at, service: doc.service, request_id: String(doc.request_id), fields: doc };
  if (doc.review !== undefined && doc.review !== null) {
    if (typeof doc.review !== 'string' || !REVIEWS.has(doc.review)) return { ok: false, reason: 'review is not approved, rejected or escalated' };
    rec.review = doc.review as TelemetryRecord['review'];
  }
  if (doc.reviewers !== undefined) {
    const d = decisions(doc.reviewers);
    if (!d) return { ok: false, reason: 'reviewers is not a list of decisions' };
    rec.reviewers = d;
  }
  if (doc.policy_hits !== undefined) {
    if (!Array.isArray(doc.policy_hits)) return { ok: false, reason: 'policy_hits is not a list' };
    rec.policy_hits = doc.policy_hits.map(String);
  }
  if (typeof doc.output_class === 'string') rec.output_class = doc.output_class;
  for (const k of ['latency_ms', 'cost'] as const) {
    if (doc[k] === undefined || doc[k] === null) continue;
    if (typeof doc[k] !== 'number' || !Number.isFinite(doc[k])) return { ok: false, reason: `${k} is not a number` };
    rec[k] = doc[k];
  }
  if (doc.outcome !== undefined && doc.outcome !== null) {
    if (doc.outcome !== 'good' && doc.outcome !== 'bad') return { ok: false, reason: 'outcome is not good or bad' };
    rec.outcome = doc.outcome;
  }
  if (doc.drill !== undefined && doc.drill !== null) {
    // "true" or 1 would otherwise be read as production traffic and mixed into its figures.
    if (typeof doc.drill !== 'boolean') return { ok: false, reason: 'drill is not true or false' };
    rec.drill = doc.drill;
  }
  return { ok: true, record: rec };
}
