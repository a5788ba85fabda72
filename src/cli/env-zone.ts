/**
 * The time zone `$TZ` names, when it is an IANA zone this system knows (`Europe/Berlin`); `--tz`
 * wins over it. POSIX forms (`:/etc/localtime`, `CET-1CEST`) and unknown names are ignored: times
 * then stay in UTC, like the log.
 */
export function zoneFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const tz = env.TZ?.trim();
  if (!tz || tz.startsWith(':') || !/^[A-Za-z][A-Za-z0-9_+/-]*$/.test(tz)) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz;
  } catch {
    return undefined;
  }
}
