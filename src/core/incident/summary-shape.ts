import type { IncidentSummary } from './summary-row.js';

/** A JSON value's type, named as SQLite's json_type() names it. */
type JsonType = 'text' | 'number' | 'true' | 'false' | 'null' | 'object' | 'array';

/**
 * What each field of a listing row may hold, and whether it may be absent, as the text listing and
 * the store's readers check a parsed row (the --json stream checks only that a row is an object of
 * its incident: see SUMMARY_NOT_WELL_FORMED).
 */
export const SUMMARY_FIELDS: Readonly<Record<keyof IncidentSummary, { types: readonly JsonType[]; optional?: true }>> = {
  id: { types: ['text'] },
  title: { types: ['text'] },
  service: { types: ['text'] },
  severity: { types: ['text'] },
  status: { types: ['text'] },
  trigger: { types: ['text', 'null'] },
  playbook: { types: ['text'] },
  openedAt: { types: ['text'] },
  drill: { types: ['true', 'false'] },
  scenario: { types: ['text', 'null'] },
  drillEnded: { types: ['true', 'false'] },
  commander: { types: ['text', 'null'] },
  closedAt: { types: ['text', 'null'] },
  dues: { types: ['object'], optional: true },
  awaiting: { types: ['object'], optional: true },
};

function jsonTypeOf(v: unknown): JsonType | 'other' {
  if (v === null) return 'null';
  if (typeof v === 'string') return 'text';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'object' ? 'object' : 'other';
}

/**
 * A stored listing row's text as a row, or null when it is not one: not JSON, or a field of
 * another type than aiops writes (the rows are derived, so one edited in the file is rebuilt from
 * the events rather than shown, or trusted to hold strings where a formatter needs them).
 */
export function summaryFromText(text: string, id: string): IncidentSummary | null {
  let row: unknown;
  try {
    row = JSON.parse(text);
  } catch {
    return null;
  }
  if (jsonTypeOf(row) !== 'object') return null;
  const r = row as Record<string, unknown>;
  if (r.id !== id) return null;
  for (const [key, rule] of Object.entries(SUMMARY_FIELDS)) {
    if (!(key in r) && rule.optional) continue;
    if (!(rule.types as readonly string[]).includes(jsonTypeOf(r[key]))) return null;
  }
  return r as unknown as IncidentSummary;
}
