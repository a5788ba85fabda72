/**
 * Checks of values read back from the log's JSON (payloads, listing rows), as small functions that
 * compose: a log aiops wrote always passes them; one edited by hand may not.
 */

/** Whether a stored field holds what aiops writes there (undefined: the field is absent). */
export type Check = (v: unknown) => boolean;

const nothing = (v: unknown) => v === undefined || v === null;
export const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export const text: Check = (v) => typeof v === 'string';
// JSON.parse reads 1e999 as Infinity: no figure aiops writes is one.
export const number: Check = (v) => typeof v === 'number' && Number.isFinite(v);
/** Counts, exit codes and milliseconds: whole numbers, as the JSON export's schema says. */
export const int: Check = (v) => Number.isInteger(v);
export const boolean: Check = (v) => typeof v === 'boolean';
export const oneOf =
  (values: readonly string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v);
export const texts: Check = (v) => Array.isArray(v) && v.every((x) => typeof x === 'string');
/** A name → text map (a context). */
export const textMap: Check = (v) => isObject(v) && Object.values(v).every((x) => typeof x === 'string');
/** Absent, null, or as `c` says. */
export const optional = (c: Check): Check => (v) => nothing(v) || c(v);
/** Present: null, or as `c` says. */
export const nullable = (c: Check): Check => (v) => v === null || c(v);
/** An object whose named fields pass their checks. */
export const shape = (fields: Record<string, Check>): Check => {
  const list = Object.entries(fields);
  return (v) => isObject(v) && list.every(([k, c]) => c(v[k]));
};
/** Absent (not null), or as `c` says. */
export const absentOr = (c: Check): Check => (v) => v === undefined || c(v);
