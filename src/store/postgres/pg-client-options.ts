import type { Client, ClientConfig } from 'pg';
import { UserError } from '../../core/errors.js';
import { maskedLocation } from './pg-location.js';

type Pg = typeof import('pg').default;

/**
 * The sslmodes node-postgres already treats as verify-full (the certificate and host name are
 * checked), stricter than libpq; it prints an eight-line warning for each, on every command.
 * Spelled as verify-full, they keep that behaviour without the warning (and keep it when pg 9
 * moves to libpq's weaker meaning). PGSSLMODE from the environment is read by pg without one.
 */
const VERIFY_FULL_ALIASES = /([?&]sslmode=)(prefer|require|verify-ca)(?=&|#|$)/i;

/** The URL as given to pg: sslmode spelled as pg applies it (VERIFY_FULL_ALIASES), unless the URL asks for libpq's meaning. */
export function driverLocation(location: string): string {
  if (/[?&]uselibpqcompat=true/i.test(location)) return location;
  return location.replace(VERIFY_FULL_ALIASES, '$1verify-full');
}

/** The sslmodes node-postgres acts on (pg-connection-string; PGSSLMODE in pg's connection parameters). */
const SSLMODES = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'] as const;
/** Under uselibpqcompat=true it follows libpq, which has no no-verify. */
const LIBPQ_SSLMODES = SSLMODES.filter((m) => m !== 'no-verify');

/**
 * An sslmode pg does not know is taken by it silently: in the URL as "use SSL and check
 * everything", in PGSSLMODE as "no SSL". Either way the error that follows names something else
 * (a server without SSL, a certificate), so the value itself is refused here, before connecting.
 */
export function checkSslmode(location: string, env: NodeJS.ProcessEnv = process.env): void {
  const libpq = /[?&]uselibpqcompat=true/i.test(location);
  const known: readonly string[] = libpq ? LIBPQ_SSLMODES : SSLMODES;
  const inUrl = /[?&]sslmode=([^&#]*)/i.exec(driverLocation(location))?.[1];
  let given: string | undefined;
  try {
    given = inUrl === undefined ? undefined : decodeURIComponent(inUrl);
  } catch {
    given = inUrl;
  }
  if (given !== undefined && !known.includes(given)) {
    throw new UserError(`sslmode=${JSON.stringify(given)} in ${maskedLocation(location)} is not an sslmode${libpq ? ' (with uselibpqcompat=true)' : ''}; it is one of ${known.join(', ')}`, {
      hint: 'verify-full (or require, prefer, verify-ca: checked as verify-full) checks the certificate and host name; no-verify encrypts without checking; disable connects without SSL',
    });
  }
  const fromEnv = env.PGSSLMODE;
  if (given === undefined && fromEnv !== undefined && fromEnv !== '' && !(SSLMODES as readonly string[]).includes(fromEnv)) {
    throw new UserError(`PGSSLMODE=${JSON.stringify(fromEnv)} is not an sslmode; it is one of ${SSLMODES.join(', ')}`, {
      hint: 'set PGSSLMODE to one of those, or unset it (the URL may say sslmode=... instead)',
    });
  }
}

/**
 * A client for `location`, not connected yet. A URL the driver cannot read is the user's to fix
 * (exit 2), named with any password hidden. `found.password` gets a password read from ~/.pgpass,
 * so messages can scrub it.
 */
export function newClient(pg: Pg, location: string, found: { password?: string }): Client {
  checkSslmode(location);
  const config: ClientConfig = {
    connectionString: driverLocation(location),
    application_name: 'aiops',
    // seq is bigint: read it as a number (a log of 2^53 events is out of reach).
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === 20 ? Number : pg.types.getTypeParser(oid, format))) as never },
  };
  let client: Client;
  try {
    client = new pg.Client(config);
  } catch (err) {
    throw new UserError(`${maskedLocation(location)} is not a PostgreSQL URL aiops can use (${(err as Error).message})`, {
      hint: 'write it as postgres://HOST[:PORT]/DATABASE (the port a number); credentials come from PGPASSWORD or ~/.pgpass, not the URL',
    });
  }
  // No password in the URL or PGPASSWORD: ~/.pgpass (PGPASSFILE), read here as pg recommends
  // (its own reading prints a deprecation warning on every command, and goes in pg 9).
  const c = client as unknown as { password: unknown };
  if (c.password === null || c.password === undefined || c.password === '') {
    c.password = (params: { host: string; port: number; database: string; user: string }) => fromPgpass(params, found);
  }
  return client;
}

async function fromPgpass(params: { host: string; port: number; database: string; user: string }, found: { password?: string }): Promise<string | undefined> {
  const { default: pgpass } = await import('pgpass');
  const password = await new Promise<string | undefined>((resolve) => pgpass(params, resolve));
  if (password !== undefined) found.password = password;
  return password;
}
