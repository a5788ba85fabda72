// The password check of aiops.yaml's `db:`, on its own: every command that loads a project with a
// `db:` says it, so it must not pull in the whole config validation to do so.
/**
 * Whether a log location carries a password: `scheme://user:PASSWORD@host` or `?password=`.
 * (A password may hold / ? or # unescaped, so the user info runs to the last @ before the path.)
 */
function locationHasPassword(location: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#@:]*:[^@]*@/i.test(location) || /[?&]password=/i.test(location);
}

/**
 * The warning for a `db:` in aiops.yaml that holds a password: the file is shared (and often
 * committed), so the password belongs to the environment. It never repeats the password.
 */
export function dbPasswordWarning(db: string | undefined): string | null {
  if (db === undefined || !locationHasPassword(db)) return null;
  return 'db: holds a password, and credentials never go in aiops.yaml (it is shared, often committed): take it out of the URL and give it through PGPASSWORD or ~/.pgpass (PGPASSFILE)';
}
