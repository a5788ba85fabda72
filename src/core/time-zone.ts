/**
 * The IANA zone a name stands for as this system spells it (`europe/berlin` is Europe/Berlin),
 * or undefined when it is none this system knows. POSIX forms (`:/etc/localtime`, `CET-1CEST`) are none.
 */
export function knownZone(name: string | undefined): string | undefined {
  const tz = name?.trim();
  if (!tz || !/^[A-Za-z][A-Za-z0-9_+/-]*$/.test(tz)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** The incident's zone, for text written for people (a notify template's `{{now}}`): aiops.yaml `tz:`, else `$TZ` when it names a zone, else UTC. */
export function incidentZone(configTz: string | undefined, envTz: string | undefined): string {
  return knownZone(configTz) ?? knownZone(envTz) ?? 'UTC';
}
