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

/** Where a zone is chosen: --tz, the environment, and where a warning about `$TZ` goes. */
interface ZoneContext {
  tz?: string;
  env: NodeJS.ProcessEnv;
  err?: (text: string) => void;
}

let warnedTz: string | undefined;

/**
 * The zone human text shows times in: --tz, else `$TZ` when it names an IANA zone, else `tz:` in
 * aiops.yaml, else UTC (undefined). The log and every --json document stay in UTC. A `$TZ` that
 * names no zone this system knows (a typo, `CET-1CEST`) is said once on stderr, with the zone
 * shown instead, rather than silently showing other times than the responder's clock; systemd's
 * `:/etc/localtime` path form is common and left quiet.
 */
export function displayZone(ctx: ZoneContext, config?: { tz?: string }): string | undefined {
  if (ctx.tz) return ctx.tz;
  const fromEnv = zoneFromEnv(ctx.env);
  if (fromEnv) return fromEnv;
  // An unknown tz: in aiops.yaml was already reported with its FILE:LINE:COL and is ignored, as said.
  const fromConfig = knownZone(config?.tz);
  const tz = ctx.env.TZ?.trim();
  if (tz && !tz.startsWith(':/') && ctx.err && warnedTz !== tz) {
    warnedTz = tz;
    ctx.err(`warning: $TZ=${tz} is not a time zone this system knows; times are shown in ${fromConfig ?? 'UTC'} (--tz ZONE, or tz: in aiops.yaml, sets one)`);
  }
  return fromConfig;
}

/** An instant as a terminal shows it: `2026-03-14 09:30:05 UTC`, or in a zone with its offset (`… UTC+01:00`). */
export function shownTime(fmt: TimeFormatter): (iso: string) => string {
  return (iso) => (fmt.zone === 'UTC' ? `${fmt.dateTime(iso)} UTC` : fmt.dateTime(iso));
}

/** shownTime in the display zone; an unknown --tz is a UserError. */
export function displayTime(ctx: ZoneContext, config?: { tz?: string }): (iso: string) => string {
  return shownTime(timeFormatter(displayZone(ctx, config)));
}
