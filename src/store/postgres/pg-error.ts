import { OperationFailed, UserError } from '../../core/errors.js';
import { type PgWhere } from './pg-location.js';

/** Removes any password this process knows of from a server or driver message. */
function scrub(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 3) out = out.split(s).join('***');
  return out;
}

/**
 * Turns PostgreSQL and connection failures into messages naming host, database and what to do.
 * Never a password: the URL is never printed whole, and a known password is scrubbed from texts.
 */
export function pgError(err: unknown, where: PgWhere, what: string, secrets: readonly (string | undefined)[] = []): Error {
  if (err instanceof OperationFailed || err instanceof UserError) return err;
  const code = (err as { code?: string }).code ?? '';
  const raw = scrub((err as Error)?.message ?? String(err), [...secrets, process.env.PGPASSWORD]);
  const at = `PostgreSQL at ${where.host}:${where.port}, database ${where.database}`;
  const login = where.user ? `login "${where.user}"` : 'the login (PGUSER, else your OS user)';
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENOENT') {
    return new OperationFailed(`could not ${what} the evidence log: ${at} cannot be reached (${code}); nothing was recorded`, {
      hint: 'check that the server runs and that --db, $AIOPS_DB or db: in aiops.yaml names the right host and port',
      cause: err,
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
  if (code === '42501') {
    return new UserError(`${at}: ${login} may not ${what} the evidence log (${raw})`, {
      hint: 'the database owner runs `aiops db init --url URL` to grant aiops_writer to the roster logins',
    });
  }
  if (code === '42P01') {
    return new UserError(`${at} holds no aiops evidence log yet`, { hint: 'the database owner runs `aiops db init --url URL` once' });
  }
  if (code === '53300' || code === '57P03') {
    return new OperationFailed(`${at} is not accepting connections now (${raw}); nothing was recorded`, { hint: 'run the command again in a moment', cause: err });
  }
  if (code.length === 5 || code.startsWith('E')) {
    return new OperationFailed(`could not ${what} the evidence log at ${at}: ${raw}`, { cause: err });
  }
  return err instanceof Error ? err : new Error(raw);
}
