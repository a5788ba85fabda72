/**
 * A value the export shows as text. Every such value is a string in a log aiops wrote; in a log
 * edited by hand it can be anything (a number, an object, null), and the export still has to be
 * written, beside its FAILED VERIFICATION line: it is shown as its JSON.
 */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}
