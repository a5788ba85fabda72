/**
 * The IANA zone a name stands for, spelled as the user gave it, or undefined when it is none this
 * system knows. `:Asia/Kolkata` (the POSIX form systemd sets in `$TZ`) is Asia/Kolkata; other
 * POSIX forms (`:/etc/localtime`, `CET-1CEST`) are none.
 */
export function knownZone(name: string | undefined): string | undefined {
  const tz = name?.trim().replace(/^:/, '');
  if (!tz || !/^[A-Za-z][A-Za-z0-9_+/-]*$/.test(tz)) return undefined;
  try {
    return zoneAsGiven(tz, new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone);
  } catch {
    return undefined;
  }
}

/**
 * The name to show for a zone Intl accepted: the user's own (`Asia/Kolkata`, not Intl's canonical
 * alias `Asia/Calcutta`), in the system's case when it differs only in case (`europe/berlin` is Europe/Berlin).
 */
export function zoneAsGiven(given: string, resolved: string): string {
  return given.toLowerCase() === resolved.toLowerCase() ? resolved : given;
}

/** The incident's zone, for text written for people (a notify template's `{{now}}`): aiops.yaml `tz:`, else `$TZ` when it names a zone, else UTC. */
export function incidentZone(configTz: string | undefined, envTz: string | undefined): string {
  return knownZone(configTz) ?? knownZone(envTz) ?? 'UTC';
}

/** `2026-03-14 10:30 UTC+01:00`: an instant to the minute in an IANA zone, as a message to people says it (`… 09:30 UTC` in UTC). */
export function minuteInZone(iso: string, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    timeZoneName: 'longOffset',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  // `GMT+01:00`, and for UTC itself `GMT` or `GMT+00:00` depending on the ICU version.
  const offset = part('timeZoneName').replace(/^GMT/, '').replace(/^[+-]00:00$/, '');
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')} UTC${offset}`;
}
