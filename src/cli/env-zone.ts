import { knownZone } from '../core/time-zone.js';
import { type TimeFormatter, timeFormatter } from '../export/format-time.js';

/**
 * The time zone `$TZ` names, when it is an IANA zone this system knows (`Europe/Berlin`, or
 * `:Europe/Berlin` as systemd sets it); `--tz` wins over it. Other POSIX forms (`:/etc/localtime`,
 * `CET-1CEST`) and unknown names are ignored: times then stay in UTC, like the log.
 */
export function zoneFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  return knownZone(env.TZ);
}

/**
 * The zone human text shows times in: --tz, else `$TZ` when it names an IANA zone, else `tz:` in
 * aiops.yaml, else UTC (undefined). The log and every --json document stay in UTC.
 */
export function displayZone(ctx: { tz?: string; env: NodeJS.ProcessEnv }, config?: { tz?: string }): string | undefined {
  return ctx.tz ?? zoneFromEnv(ctx.env) ?? config?.tz;
}

/** An instant as a terminal shows it: `2026-03-14 09:30:05 UTC`, or in a zone with its offset (`… UTC+01:00`). */
export function shownTime(fmt: TimeFormatter): (iso: string) => string {
  return (iso) => (fmt.zone === 'UTC' ? `${fmt.dateTime(iso)} UTC` : fmt.dateTime(iso));
}

/** shownTime in the display zone; an unknown --tz is a UserError. */
export function displayTime(ctx: { tz?: string; env: NodeJS.ProcessEnv }, config?: { tz?: string }): (iso: string) => string {
  return shownTime(timeFormatter(displayZone(ctx, config)));
}
