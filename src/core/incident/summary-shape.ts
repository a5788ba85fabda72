import { absentOr, boolean, type Check, isObject, nullable, shape, text } from '../value-checks.js';
import type { IncidentSummary } from './summary-row.js';

/**
 * What each field of a listing row must hold (dues and awaiting may be absent), as the text listing
 * and the store's readers check a parsed row (the --json stream checks only that a row is a JSON
 * object: see SUMMARY_NOT_WELL_FORMED).
 */
const SUMMARY_FIELDS: Readonly<Record<keyof IncidentSummary, Check>> = {
  id: text,
  title: text,
  service: text,
  severity: text,
  status: text,
  trigger: nullable(text),
  playbook: text,
  openedAt: text,
  drill: boolean,
  scenario: nullable(text),
  drillEnded: boolean,
  commander: nullable(text),
  closedAt: nullable(text),
  dues: absentOr(isObject),
  awaiting: absentOr(isObject),
};
const isSummaryRow = shape(SUMMARY_FIELDS);

/**
 * A stored listing row's text as a row, or null when it is not one: not JSON, or a field of
 * another type than aiops writes (the rows are derived, so one edited in the file is rebuilt from
 * the events rather than shown, or trusted to hold strings where a formatter needs them).
 */
export function summaryFromText(stored: string, id: string): IncidentSummary | null {
  let row: unknown;
  try {
    row = JSON.parse(stored);
  } catch {
    return null;
  }
  if (!isObject(row) || row.id !== id || !isSummaryRow(row)) return null;
  return row as unknown as IncidentSummary;
}
