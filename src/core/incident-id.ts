/**
 * An incident id as aiops writes it: `inc-2026-1` and `INC-2026-00001` are `INC-2026-0001`, and
 * likewise for `DRILL-`. Anything else comes back unchanged (and is then reported as no incident).
 */
export function canonicalIncidentId(text: string): string {
  const m = /^\s*(inc|drill)-(\d{4})-(\d+)\s*$/i.exec(text);
  if (!m) return text;
  return `${m[1]!.toUpperCase()}-${m[2]}-${m[3]!.replace(/^0+(?=\d)/, '').padStart(4, '0')}`;
}
