const digit = (s: string, i: number) => s.charCodeAt(i) - 48;

/**
 * Date.parse for the instants aiops writes (`2026-03-01T09:00:01.250Z`, toISOString's form),
 * read digit by digit: a tenth of Date.parse's cost, which an export pays once per event.
 * Anything else (another form, a field out of range) goes to Date.parse, so the answer is
 * always Date.parse's.
 */
export function isoMillis(s: string): number {
  if (!hasIsoShape(s)) return Date.parse(s);
  const month = digit(s, 5) * 10 + digit(s, 6);
  const day = digit(s, 8) * 10 + digit(s, 9);
  const hour = digit(s, 11) * 10 + digit(s, 12);
  const minute = digit(s, 14) * 10 + digit(s, 15);
  const second = digit(s, 17) * 10 + digit(s, 18);
  const year = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
  // Days up to 28 are valid in every month; later days (and fields out of range) go to Date.parse.
  if (month < 1 || month > 12 || day < 1 || day > 28 || hour > 23 || minute > 59 || second > 59) return Date.parse(s);
  const millis = digit(s, 20) * 100 + digit(s, 21) * 10 + digit(s, 22);
  return daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + millis;
}

/**
 * Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil): integer
 * arithmetic, a fifth of Date.UTC's cost. Years here are 0000-9999, so every step stays exact.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

const DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22];

/** Whether `s` has toISOString's form, `2026-03-01T09:00:01.250Z`: digits and separators where they belong (its fields may still be out of range). */
export function hasIsoShape(s: string): boolean {
  if (s.length !== 24 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || s.charCodeAt(19) !== 46 || s.charCodeAt(23) !== 90) {
    return false;
  }
  // An index loop: for-of's iterator costs more than the check in the tiers a 10,000-call export runs in.
  for (let k = 0; k < DIGITS.length; k++) if (digit(s, DIGITS[k]!) >>> 0 > 9) return false;
  return true;
}
