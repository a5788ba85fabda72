import type { Client, ClientConfig, Notification } from 'pg';
import { UserError } from '../../core/errors.js';
import { pgError } from './pg-error.js';
import { type PgWhere, pgWhere } from './pg-location.js';

/** A statement and its parameters, rows back; `what` names the operation in error messages. */
export type Query = <R = Record<string, unknown>>(text: string, params?: unknown[], what?: string) => Promise<R[]>;

/** The channel every append notifies with the new head seq (LISTEN/NOTIFY). */
export const EVENTS_CHANNEL = 'aiops_events';

/**
 * One connection to the server, with its calls taken one at a time: a transaction's statements
 * never interleave with another call made on the same log meanwhile. Credentials come only from
 * libpq's sources (PGPASSWORD, ~/.pgpass, PGSSLMODE and client certificates, PGUSER), which
 * node-postgres reads itself.
 */
export class PgConn {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly client: Client,
    readonly where: PgWhere,
    /** The database login (session_user) this connection writes as. */
    readonly login: string,
    /** The schema the log lives in (current_schema()). */
    readonly schema: string,
    private readonly secret: string | undefined,
  ) {}

  static async connect(location: string): Promise<PgConn> {
    const where = pgWhere(location);
    const pg = await loadPg();
    const config: ClientConfig = {
      connectionString: location,
      application_name: 'aiops',
      // seq is bigint: read it as a number (a log of 2^53 events is out of reach).
      types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === 20 ? Number : pg.types.getTypeParser(oid, format))) as never },
    };
    const client = new pg.Client(config);
    const secret = (client as unknown as { password?: string }).password ?? undefined;
    client.on('error', () => {}); // a dropped connection surfaces on the next query, with its own message
    try {
      await client.connect();
      // An acknowledged event survives a crash of the client and of the server: never let a session turn this off.
      await client.query('SET synchronous_commit = on');
      const r = await client.query<{ login: string; schema: string | null }>('SELECT session_user AS login, current_schema() AS schema');
      const schema = r.rows[0]?.schema;
      if (!schema) throw new UserError(`PostgreSQL at ${where.host}:${where.port}, database ${where.database}: no schema on the search_path to hold the log`, { hint: 'set search_path for this login, or use a database with a public schema' });
      return new PgConn(client, { ...where, user: r.rows[0]!.login }, r.rows[0]!.login, schema, secret);
    } catch (err) {
      await client.end().catch(() => {});
      throw pgError(err, where, 'open', [secret]);
    }
  }

  /** Runs one statement on its own (after whatever this connection is doing), rows back. */
  query: Query = (text, params = [], what = 'read') => this.serial(() => this.raw(text, params, what));

  /**
   * Runs `fn` in one transaction (BEGIN … COMMIT, ROLLBACK on any throw), its statements through
   * the `q` it is given; nothing else runs on this connection meanwhile.
   */
  async transaction<T>(fn: (q: Query) => Promise<T>, opts: { begin?: string; what?: string } = {}): Promise<T> {
    return this.serial(async () => {
      const q: Query = (text, params = [], what = opts.what ?? 'write to') => this.raw(text, params, what);
      // `begin` may add a mode (ISOLATION LEVEL …) or, after a `;`, a first statement sent with BEGIN in one round trip.
      await q('BEGIN' + (opts.begin ? (opts.begin.startsWith(';') ? opts.begin : ` ${opts.begin}`) : ''));
      try {
        const out = await fn(q);
        await q('COMMIT');
        return out;
      } catch (err) {
        await this.client.query('ROLLBACK').catch(() => {});
        throw err;
      }
    });
  }

  /** Calls `onNotify` with each payload sent on `channel` until the returned stop is called. */
  async listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    const handler = (n: Notification) => {
      if (n.channel === channel) onNotify(n.payload ?? '');
    };
    this.client.on('notification', handler);
    await this.query(`LISTEN ${channel}`);
    return async () => {
      this.client.off('notification', handler);
      await this.query(`UNLISTEN ${channel}`).catch(() => {});
    };
  }

  async end(): Promise<void> {
    await this.serial(() => this.client.end());
  }

  private async raw<R>(text: string, params: unknown[], what: string): Promise<R[]> {
    try {
      const r = await this.client.query(text, params);
      return r.rows as R[];
    } catch (err) {
      throw pgError(err, this.where, what, [this.secret]);
    }
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }
}

async function loadPg(): Promise<typeof import('pg').default> {
  try {
    return (await import('pg')).default;
  } catch {
    throw new UserError('this aiops was installed without the PostgreSQL client (the npm package "pg")', {
      hint: 'reinstall aiops with its dependencies (npm install), or use a SQLite log (--db PATH)',
    });
  }
}
