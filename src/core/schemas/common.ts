import { z } from 'zod';
import { DURATION_PATTERN, fitsTimer, isDuration, MAX_DURATION_MS, parseDuration, TIMER_CAP } from '../duration.js';

import { SEVERITIES, STANDARD_ROLES } from '../constants.js';

export { SEVERITIES, STANDARD_ROLES };
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

export const Identifier = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must start with a letter or digit and use only letters, digits, _ . -');

export const RoleName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a role is lower_snake_case, e.g. model_owner');

/** `timeout: 20` is read as a number: say which unit to add rather than "expected string". */
const durationString = () =>
  z.string({
    error: (iss) =>
      iss.code === 'invalid_type' && typeof iss.input === 'number'
        ? `a duration needs its unit: write ${iss.input}s (or ${iss.input}m, ${iss.input}h)`
        : undefined,
  });

export const DurationText = durationString()
  .refine(isDuration, { message: 'not a duration: write e.g. 30s, 5m, 1h30m, 90d' })
  .refine((t) => !isDuration(t) || parseDuration(t)! <= MAX_DURATION_MS, { message: 'a duration is at most 3650d (ten years)' })
  .meta({ description: 'A duration such as 30s, 5m, 1h30m, 90d', examples: ['5m', '1h'], pattern: DURATION_PATTERN });

/**
 * A duration a timer waits for (hook timeouts, dues, waits, drill times): Node's timers hold at
 * most 2^31-1 ms (24.8 days) and fire at once past that, so longer is refused, not run early.
 */
export const TimerDurationText = durationString()
  .refine(isDuration, { message: 'not a duration: write e.g. 30s, 5m, 1h30m, 24d' })
  .refine((t) => !isDuration(t) || fitsTimer(parseDuration(t)!), { message: TIMER_CAP })
  .meta({ description: 'A duration such as 30s, 5m, 1h30m (at most 24d)', examples: ['5m', '1h'], pattern: DURATION_PATTERN });

export const DateText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is written YYYY-MM-DD')
  .refine(isCalendarDate, { message: 'not a real calendar date' });

/** True unless `s` has the YYYY-MM-DD shape but names no real day (the regex reports the shape). */
function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return true;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export const ScalarParam = z.union([z.string(), z.number(), z.boolean()]);
