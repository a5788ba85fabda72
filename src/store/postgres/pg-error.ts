import { LogUnreachable, OperationFailed, UserError } from '../../core/errors.js';
import { type PgWhere } from './pg-location.js';

/**
 * Where a statement stood when it failed, so a lost connection is told truthfully: `read` and
 * `uncommitted` (inside a transaction before COMMIT) wrote nothing; `unsent` never left this
 * process; `commit` (COMMIT, or a write that is its own transaction) may have been recorded.
 */
export type PgPhase = 'read' | 'uncommitted' | 'unsent' | 'commit';

/** Removes any password this process knows of from a server or driver message. */
function scrub(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 3) out = out.split(s).join('***');
  return out;
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOENT', 'EAI_AGAIN']);
/** The server ended the session (terminated, shut down, crashed) or the socket broke. */
const LOST = new Set(['57P01', '57P02', '08000', '08003', '08006', '08P01', 'ECONNRESET', 'EPIPE']);

/** Whether `err` says the connection itself is gone (not a refused or failed statement). */
export function isConnectionLoss(err: unknown): boolean {
  const code = (err as { code?: string })?.code ?? '';
  const message = (err as Error)?.message ?? '';
  return LOST.has(code) || /Connection terminated|not queryable|Client was closed/i.test(message);
}

/** Whether `err` is the driver refusing a call on a connection it already knows is broken or closed (nothing was sent). */
export function isUnsent(err: unknown): boolean {
  return /not queryable/i.test((err as Error)?.message ?? '');
}

/** A login name as CREATE ROLE takes it. */
function roleName(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

/**
 * Turns PostgreSQL and connection failures into messages naming host, database and what to do.
 * Never a password: the URL is never printed whole, and a known password is scrubbed from texts.
 */
export function pgError(err: unknown, where: PgWhere, what: string, secrets: readonly (string | undefined)[] = [], phase: PgPhase = 'read'): Error {
  if (err instanceof OperationFailed || err instanceof UserError) return err;
  const code = (err as { code?: string }).code ?? '';
  const raw = scrub((err as Error)?.message ?? String(err), [...secrets, process.env.PGPASSWORD]);
  const at = `PostgreSQL at ${where.host}:${where.port}, database ${where.database}`;
  const location = `${where.host}:${where.port}/${where.database}`;
  const login = where.user ? `login "${where.user}"` : 'the login (PGUSER, else your OS user)';
  if (UNREACHABLE.has(code)) {
    return new LogUnreachable(`could not ${what} the evidence log: ${at} cannot be reached (${code}); nothing was recorded`, {
      location,
      hint: 'check that the server runs and that --db, $AIOPS_DB or db: in aiops.yaml names the right host and port',
      cause: err,
    });
  }
  if (isConnectionLoss(err)) {
    const why = isUnsent(err) ? 'it had failed before' : raw;
    if (phase === 'commit') {
      return new LogUnreachable(`could not ${what} the evidence log: the connection to ${at} was lost while the write was committing (${why}); it may or may not have been recorded`, {
        location,
        inDoubt: true,
        hint: 'look at the incident (aiops incident show ID) before running the command again',
        cause: err,
      });
    }
    return new LogUnreachable(`could not ${what} the evidence log: the connection to ${at} was lost (${why}); nothing was recorded`, {
      location,
      hint: 'run the command again (once the server is back, if it is down)',
      cause: err,
    });
  }
  if (code === '53300' || code === '57P03' || (code === '55000' && /not currently accepting connections/i.test(raw))) {
    return new LogUnreachable(`${at} is not accepting connections now (${raw}); nothing was recorded`, { location, hint: 'run the command again in a moment', cause: err });
  }
  if (/does not support SSL/i.test(raw)) {
    return new UserError(`${at} does not offer SSL, and sslmode (in the URL or PGSSLMODE) asks for it; nothing was recorded`, {
      hint: 'drop sslmode from the URL and unset PGSSLMODE to connect without SSL, or enable SSL on the server (ssl = on in postgresql.conf)',
    });
  }
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
    return new UserError(`${at}: its SSL certificate was not accepted (${raw}); nothing was recorded`, {
      hint: 'every sslmode but disable and no-verify checks the certificate and host name (as verify-full): name the CA with sslrootcert=FILE in the URL, or use sslmode=no-verify to encrypt without checking',
    });
  }
  const noRole = /role "(.+)" does not exist/.exec(raw);
  if (code === '28000' && noRole) {
    return new UserError(`${at} has no login "${noRole[1]}"`, {
      hint: `the database owner creates it (CREATE ROLE ${roleName(noRole[1]!)} LOGIN IN ROLE aiops_writer;) and runs aiops db init again: README, "Running aiops for a team"; or set PGUSER to a login that exists`,
    });
  }
  if (code === '28000' && /pg_hba\.conf/.test(raw)) {
    return new UserError(`${at} does not let ${login} connect from this host (${raw})`, {
      hint: 'the server administrator adds this login and host to pg_hba.conf (and reloads the server)',
    });
  }
  if (code === '28P01' || code === '28000' || /password|authentication/i.test(raw) && code.startsWith('28')) {
    return new UserError(`${at} refused ${login}: ${raw}`, {
      hint: 'give the password through PGPASSWORD or ~/.pgpass (or a client certificate with PGSSLMODE); credentials never go in aiops.yaml',
    });
  }
  if (/password/i.test(raw) && /SASL|client password/i.test(raw)) {
    return new UserError(`${at} asks ${login} for a password and none was given`, {
      hint: 'set PGPASSWORD or add the login to ~/.pgpass; credentials never go in aiops.yaml',
    });
  }
  if (code === '3D000') {
    return new UserError(`${at}: the database does not exist`, { hint: 'create it (createdb) or fix the database name in the URL' });
  }
  if (code === '42501' && (what === 'set up' || what === 'copy into' || /must be owner of/i.test(raw))) {
    return new UserError(`${at}: ${login} may not ${what} the evidence log (${raw}); nothing was changed`, {
      hint: 'aiops db init and aiops db copy need the log’s owner (the login that owns its tables, usually the one that first ran aiops db init): run them as that login (PGUSER=…)',
    });
  }
  if (code === '42501') {
    return new UserError(`${at}: ${login} may not ${what} the evidence log (${raw})`, {
      hint: 'the database owner runs `aiops db init --url URL` to grant aiops_writer to the roster logins',
    });
  }
  if (code === '42P01') {
    return new UserError(`${at} holds no aiops evidence log yet`, { hint: 'the database owner runs `aiops db init --url URL` once' });
  }
  if (code === '42P07') {
    return new UserError(`${at} already holds tables of something else where the log would go (${raw}); nothing was changed`, {
      hint: 'give the log a database of its own (createdb aiops, then --url postgres://HOST/aiops), or a schema of its own (CREATE SCHEMA aiops, then ?options=-c%20search_path%3Daiops in the URL)',
    });
  }
  if (code.length === 5 || code.startsWith('E')) {
    return new OperationFailed(`could not ${what} the evidence log at ${at}: ${raw}`, { cause: err });
  }
  return err instanceof Error ? err : new Error(raw);
}
