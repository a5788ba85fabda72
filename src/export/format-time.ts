import { formatCompactDuration } from '../core/duration.js';
import { UserError } from '../core/errors.js';
import { zoneAsGiven } from '../core/time-zone.js';

/** Shows instants in one time zone: `2026-03-14 09:30:05` plus a zone label (`UTC`, `UTC+01:00`). */
export interface TimeFormatter {
  /** The zone as the user named it (`UTC` by default). */
  zone: string;
  /** Date and time; in a --tz zone followed by its offset then (`2026-10-25 02:30:00 UTC+01:00`). */
  dateTime(iso: string): string;
  /** Just the calendar day, `2026-03-14`. */
  day(iso: string): string;
  /** Just the clock time, `09:30:05`. */
  clock(iso: string): string;
  /** The zone label in effect at that instant: `UTC`, or `UTC+01:00` for --tz zones. */
  label(iso: string): string;
}

const QUARTER_HOUR_MS = 15 * 60_000;

/** A formatter for UTC, or for an IANA zone (`Europe/Berlin`) using Intl; throws UserError on an unknown zone. */
export function timeFormatter(zone: string | undefined): TimeFormatter {
  // UTC as the document names it needs no Intl: its first use costs ~20 ms of ICU start-up.
  if (zone === undefined || zone === 'UTC') return utcFormatter('UTC');
  let intl: Intl.DateTimeFormat;
  try {
    intl = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
  } catch {
    throw new UserError(`--tz ${zone} is not a time zone this system knows`, { hint: 'use an IANA zone such as Europe/Berlin or America/New_York, or UTC' });
  }
  const resolved = intl.resolvedOptions().timeZone;
  if (resolved === 'UTC' || resolved === 'Etc/UTC') return utcFormatter('UTC');
  // The zone as the user named it (Asia/Kolkata, not Intl's alias Asia/Calcutta), in the system's case.
  return zonedFormatter(zoneAsGiven(zone.trim(), resolved), intl);
}

function utcFormatter(zone: string): TimeFormatter {
  return {
    zone,
    dateTime: (iso) => `${iso.slice(0, 10)} ${iso.slice(11, 19)}`,
    day: (iso) => iso.slice(0, 10),
    clock: (iso) => iso.slice(11, 19),
    label: () => 'UTC',
  };
}

/** Offsets change only at transitions on quarter-hour boundaries, so one Intl call per quarter hour is enough. */
function zonedFormatter(zone: string, intl: Intl.DateTimeFormat): TimeFormatter {
  const cache = new Map<number, { ms: number; label: string }>();
  const offsetAt = (iso: string) => {
    const t = Date.parse(iso);
    const key = Math.floor(t / QUARTER_HOUR_MS);
    let hit = cache.get(key);
    if (!hit) {
      const name = intl.formatToParts(new Date(t)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
      hit = parseOffset(name);
      cache.set(key, hit);
    }
    return { t, ...hit };
  };
  const local = (iso: string) => {
    const o = offsetAt(iso);
    return new Date(o.t + o.ms).toISOString();
  };
  return {
    zone,
    // With its offset: across a clock change two local times can be the same, or an hour apart
    // in the numbers and not in fact.
    dateTime: (iso) => {
      const l = local(iso);
      return `${l.slice(0, 10)} ${l.slice(11, 19)} ${offsetAt(iso).label}`;
    },
    day: (iso) => local(iso).slice(0, 10),
    clock: (iso) => local(iso).slice(11, 19),
    label: (iso) => offsetAt(iso).label,
  };
}

function parseOffset(name: string): { ms: number; label: string } {
  const m = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
  if (!m) return { ms: 0, label: 'UTC' };
  const sign = m[1] === '-' ? -1 : 1;
  const ms = sign * (Number(m[2]) * 3_600_000 + Number(m[3]) * 60_000);
  return { ms, label: ms === 0 ? 'UTC' : `UTC${m[1]}${m[2]}:${m[3]}` };
}

const UNITS = ['year', 'month', 'day', 'hour', 'minute', 'second'] as const;

/**
 * A duration as people say it, two largest units (`1 hour 5 minutes`, `1 month 14 days`); under a
 * second is `0 seconds`. Months and years are calendar ones, counted from 1970-01-01 in UTC (as
 * date-fns's intervalToDuration does from the epoch, without its dependence on the machine's zone).
 */
export function humanDuration(ms: number): string {
  // A time edited into the log that is no instant has no span to any other.
  if (!Number.isFinite(ms)) return NO_SPAN;
  const abs = Math.abs(ms);
  if (abs < 1000) return '0 seconds';
  const end = new Date(abs);
  const counts = [end.getUTCFullYear() - 1970, end.getUTCMonth(), end.getUTCDate() - 1, end.getUTCHours(), end.getUTCMinutes(), end.getUTCSeconds()];
  const text = UNITS.flatMap((unit, i) => (counts[i]! > 0 ? [`${counts[i]} ${unit}${counts[i] === 1 ? '' : 's'}`] : []))
    .slice(0, 2)
    .join(' ');
  return ms < 0 ? `-${text}` : text;
}

/**
 * Milliseconds between two instants as they are shown, to the second (times are shown cut to
 * the second, not rounded), so a span in words or as T+ agrees with the times beside it.
 */
export function shownSpanMs(fromMs: number, toMs: number): number {
  return Math.floor(toMs / 1000) * 1000 - Math.floor(fromMs / 1000) * 1000;
}

/** What a span or an offset shows when one of its ends is a time edited into the log that is no instant. */
export const NO_SPAN = 'unknown (a time in the log is no instant)';

/** Offset from the incident's start, compact: `T+0s`, `T+4m05s`, `T+1h02m00s`; `T+?` when a time is no instant. */
export function sinceStart(ms: number): string {
  if (!Number.isFinite(ms)) return 'T+?';
  return ms < 0 ? `T${formatCompactDuration(ms, 3)}` : `T+${formatCompactDuration(ms, 3)}`;
}

/**
 * `T+…` of offsets from `startIso`, shown as the export shows the instant start + offset: each
 * instant cut to its second first (shownSpanMs), so an after-action report and the export of the
 * same drill give the same T+ for the same event. `—` for no offset.
 */
export function offsetsFrom(startIso: string): (ms: number | null | undefined) => string {
  const start = Date.parse(startIso);
  return (ms) => (ms === null || ms === undefined ? '—' : sinceStart(shownSpanMs(start, start + ms)));
}
