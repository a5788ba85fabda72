/**
 * The log-wide stream inventory changes are appended to: an id no incident can take (incident ids
 * are upper-case `INC-`/`DRILL-`), so its events chain with every incident's but fold into none.
 */
export const INVENTORY_STREAM = 'inventory';

const INCIDENT_ID = /^\s*(inc|drill)-(\d{4})-(\d+)\s*$/i;

/**
 * An id as aiops writes it, typed in any case: `inc-2026-1` and `INC-2026-00001` are `INC-2026-0001`,
 * likewise for `DRILL-`, and `INVENTORY` is the inventory's stream. Anything else comes back
 * unchanged (and is then reported as no incident).
 */
export function canonicalIncidentId(text: string): string {
  if (text.trim().toLowerCase() === INVENTORY_STREAM) return INVENTORY_STREAM;
  const m = INCIDENT_ID.exec(text);
  if (!m) return text;
  return `${m[1]!.toUpperCase()}-${m[2]}-${m[3]!.replace(/^0+(?=\d)/, '').padStart(4, '0')}`;
}

/** Whether `text` has the shape of an incident or drill id (in any case, with or without its zeros). */
export function looksLikeIncidentId(text: string): boolean {
  return INCIDENT_ID.test(text);
}
