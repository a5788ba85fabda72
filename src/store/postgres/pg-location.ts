/**
 * What a postgres:// location names, for messages: host, port and database, never the password.
 * Parts the URL leaves out come from libpq's environment (PGHOST, PGPORT, PGDATABASE, PGUSER), as
 * node-postgres fills them in.
 */
export interface PgWhere {
  host: string;
  port: string;
  database: string;
  user: string | null;
}

export function isPostgresLocation(location: string): boolean {
  return /^postgres(ql)?:/i.test(location);
}

export function pgWhere(location: string, env: NodeJS.ProcessEnv = process.env): PgWhere {
  let url: URL | null;
  try {
    url = new URL(location);
  } catch {
    url = null;
  }
  const hostParam = url?.searchParams.get('host') ?? null;
  const host = (url?.hostname ? decodeURIComponent(url.hostname) : null) ?? hostParam ?? env.PGHOST ?? 'localhost';
  const database = (url?.pathname && url.pathname !== '/' ? decodeURIComponent(url.pathname.slice(1)) : null) ?? env.PGDATABASE ?? '(default database)';
  return {
    host: host || hostParam || env.PGHOST || 'localhost',
    port: url?.port || env.PGPORT || '5432',
    database,
    user: (url?.username ? decodeURIComponent(url.username) : null) ?? env.PGUSER ?? null,
  };
}

/** The location as it may be printed: the URL without its password (and without query parameters, which may hold one). */
export function printableLocation(location: string): string {
  const w = pgWhere(location);
  return `postgres://${w.user ? `${w.user}@` : ''}${w.host}:${w.port}/${w.database}`;
}

/**
 * The location as the user wrote it, for a message about the location itself (one the driver
 * cannot parse): any password in it (user:PASSWORD@, ?password=…) shown as ***.
 */
export function maskedLocation(location: string): string {
  // Up to the last @: a password may hold / ? or # unescaped (masking too much beats showing it).
  return location.replace(/(\/\/[^/?#@:]*:)[^@]*@/, '$1***@').replace(/([?&]password=)[^&#]*/gi, '$1***');
}
