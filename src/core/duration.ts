/** Durations as people write them in YAML: `30s`, `5m`, `1h30m`, `90d`, `500ms`. */

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** The longest delay setTimeout honours (2^31-1 ms, about 24.8 days); anything longer fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** What a timer's duration longer than MAX_TIMER_MS is told, in a file (`due:`, `timeout:`) or an option (`serve --tick`). */
export const TIMER_CAP = 'at most 24d: longer does not fit a timer';

/** Whether a timer can wait `ms`: past MAX_TIMER_MS Node fires it at once (and warns), so it is refused instead. */
export function fitsTimer(ms: number): boolean {
  return ms <= MAX_TIMER_MS;
}

/** Ten years: past this a duration (or a date that far ahead) is a typo (`999999999999m`), and its milliseconds stop being exact. */
export const MAX_DURATION_MS = 3650 * 86_400_000;

const DURATION_RE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+$/;

/** The same shape as a JSON Schema `pattern` (surrounding blanks allowed, as the parser trims them), so editors flag `due: ten minutes`. */
export const DURATION_PATTERN = '^\\s*(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h|d|w))+\\s*$';
const PART_RE = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g;

/** Parses a duration string into milliseconds; undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const s = text.trim();
  if (!DURATION_RE.test(s)) return undefined;
  let total = 0;
  for (const [, n, unit] of s.matchAll(PART_RE)) total += Number(n) * UNIT_MS[unit!]!;
  return total;
}

export function isDuration(text: string): boolean {
  return parseDuration(text) !== undefined;
}

/** Short human form for countdowns: `4m05s`, `1h02m`, `12s`. */
export function formatShortDuration(ms: number): string {
  return formatCompactDuration(ms, 2);
}

/**
 * Compact form: the largest non-zero unit of d/h/m/s, then up to `units - 1` smaller ones padded to two digits
 * (2 units: `1h02m`; 3 units: `1h02m00s`); under a second is `0s`, and a negative duration gets a leading `-`.
 */
export function formatCompactDuration(ms: number, units: number): string {
  let s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const values = [d, h, m, s];
  const largest = d > 0 ? 0 : h > 0 ? 1 : m > 0 ? 2 : 3;
  // A plain loop: exports format one of these per event.
  let out = '';
  for (let i = largest; i < largest + units && i < 4; i++) {
    const n = values[i]!;
    out += `${i === largest || n >= 10 ? n : `0${n}`}${UNIT_LETTERS[i]}`;
  }
  return ms < 0 ? `-${out}` : out;
}

const UNIT_LETTERS = ['d', 'h', 'm', 's'] as const;
