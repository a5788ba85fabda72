import type { Client, Notification } from 'pg';
import { LogUnreachable, OperationFailed, UserError } from '../../core/errors.js';
import { newClient } from './pg-client-options.js';
import { isConnectionLoss, isUnsent, type PgPhase, pgError } from './pg-error.js';
import { type PgWhere, pgWhere } from './pg-location.js';

/** A statement and its parameters, rows back; `what` names the operation in error messages. */
export type Query = <R = Record<string, unknown>>(text: string, params?: unknown[], what?: string) => Promise<R[]>;

/** The channel every append notifies with the new head seq (LISTEN/NOTIFY). */
export const EVENTS_CHANNEL = 'aiops_events';

/** What happened to the connection: lost (the server went, or ended this session), or made again. */
export type ConnectionChange = { state: 'lost'; reason: string } | { state: 'restored' };

/** The `what` of statements that write: one that is its own transaction may have committed when the connection goes. */
const WRITES = new Set(['write to', 'copy into', 'set up']);

interface Opened {
  client: Client;
  login: string;
  schema: string;
  secret: string | undefined;
}

/**
 * One connection to the server, with its calls taken one at a time: a transaction's statements
 * never interleave with another call made on the same log meanwhile. Credentials come only from
 * libpq's sources (PGPASSWORD, ~/.pgpass, PGSSLMODE and client certificates, PGUSER). A lost
 * connection (the server restarted, or ended this session) is made again on the next call, so a
 * long-running process (serve, a TUI) goes on once the server is back.
 */
export class PgConn {
  private queue: Promise<unknown> = Promise.resolve();
  private client: Client;
  private secret: string | undefined;
  /** Why the connection was lost; null while it is up. */
  private lost: string | null = null;
  private ending = false;
  private inTransaction = false;
  /** Per channel: who hears it, who is told of a reconnect, and the LISTEN (every listener waits for it). */
  private readonly channels = new Map<string, { handlers: Set<(payload: string) => void>; restored: Set<() => void>; listening: Promise<unknown> }>();
  /** While someone listens and the connection is lost: the next try to make it again (nobody else may call). */
  private retry: ReturnType<typeof setTimeout> | null = null;
  private readonly watchers = new Set<(change: ConnectionChange) => void>();

  private constructor(
    private readonly open: () => Promise<Opened>,
    first: Opened,
    readonly where: PgWhere,
    /** The database login (session_user) this connection writes as. */
    readonly login: string,
    /** The schema the log lives in (current_schema()). */
    readonly schema: string,
  ) {
    this.client = first.client;
    this.secret = first.secret;
    this.watch(first.client);
  }

  static async connect(location: string): Promise<PgConn> {
    const where = pgWhere(location);
    const pg = await loadPg();
    const open = async (): Promise<Opened> => {
      const found: { password?: string } = {};
      const client = newClient(pg, location, found);
      const known = () => (client as unknown as { password?: unknown }).password;
      client.on('error', () => {}); // until the PgConn watches it: a failure to connect surfaces from connect()
      try {
        await client.connect();
        // An acknowledged event survives a crash of the client and of the server: never let a session turn this off.
        await client.query('SET synchronous_commit = on');
        const r = await client.query<{ login: string; schema: string | null }>('SELECT session_user AS login, current_schema() AS schema');
        const schema = r.rows[0]?.schema;
        if (!schema) throw new UserError(`PostgreSQL at ${where.host}:${where.port}, database ${where.database}: no schema on the search_path to hold the log`, { hint: 'set search_path for this login, or use a database with a public schema' });
        const secret = typeof known() === 'string' ? (known() as string) : found.password;
        return { client, login: r.rows[0]!.login, schema, secret };
      } catch (err) {
        await client.end().catch(() => {});
        const secret = typeof known() === 'string' ? (known() as string) : found.password;
        throw pgError(err, where, 'open', [secret]);
      }
    };
    const first = await open();
    return new PgConn(open, first, { ...where, user: first.login }, first.login, first.schema);
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
      this.inTransaction = true;
      try {
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
      } finally {
        this.inTransaction = false;
      }
    });
  }

  /**
   * Calls `onNotify` with each payload sent on `channel` until the returned stop is called. A lost
   * connection is made again in the background (1 s, then doubling to 30 s) and listens again;
   * `onRestored` is then called, since notifications sent meanwhile were missed.
   */
  async listen(channel: string, onNotify: (payload: string) => void, onRestored?: () => void): Promise<() => Promise<void>> {
    let entry = this.channels.get(channel);
    if (!entry) {
      entry = { handlers: new Set(), restored: new Set(), listening: this.query(`LISTEN ${channel}`) };
      this.channels.set(channel, entry);
    }
    entry.handlers.add(onNotify);
    if (onRestored) entry.restored.add(onRestored);
    try {
      await entry.listening;
    } catch (err) {
      // A LISTEN that failed is sent again by the next listener.
      entry.handlers.delete(onNotify);
      if (onRestored) entry.restored.delete(onRestored);
      if (entry.handlers.size === 0 && this.channels.get(channel) === entry) this.channels.delete(channel);
      throw err;
    }
    return async () => {
      entry.handlers.delete(onNotify);
      if (onRestored) entry.restored.delete(onRestored);
      if (entry.handlers.size > 0 || this.channels.get(channel) !== entry) return;
      this.channels.delete(channel);
      await this.query(`UNLISTEN ${channel}`).catch(() => {});
    };
  }

  /** Calls `onChange` when the connection is lost and when it is made again; the returned function stops that. */
  onConnectionChange(onChange: (change: ConnectionChange) => void): () => void {
    this.watchers.add(onChange);
    return () => this.watchers.delete(onChange);
  }

  async end(): Promise<void> {
    this.ending = true;
    if (this.retry) clearTimeout(this.retry);
    await this.serial(() => this.client.end(), false);
  }

  private async raw<R>(text: string, params: unknown[], what: string): Promise<R[]> {
    try {
      const r = await this.client.query(text, params);
      return r.rows as R[];
    } catch (err) {
      if (isConnectionLoss(err)) this.markLost(this.client, err);
      throw pgError(err, this.where, what, [this.secret], this.phaseOf(text, what, err));
    }
  }

  private phaseOf(text: string, what: string, err: unknown): PgPhase {
    if (isUnsent(err)) return 'unsent';
    if (this.inTransaction) return text === 'COMMIT' ? 'commit' : 'uncommitted';
    return WRITES.has(what) ? 'commit' : 'read';
  }

  /** Follows a client's connection: an error or end it did not ask for marks the connection lost. */
  private watch(client: Client): void {
    client.on('error', (err) => this.markLost(client, err));
    client.on('end', () => this.markLost(client, new Error('the server closed the connection')));
    client.on('notification', (n: Notification) => {
      for (const h of this.channels.get(n.channel)?.handlers ?? []) h(n.payload ?? '');
    });
  }

  private markLost(client: Client, err: unknown): void {
    if (this.ending || client !== this.client || this.lost !== null) return;
    this.lost = (err as Error)?.message || 'connection error';
    for (const w of this.watchers) w({ state: 'lost', reason: this.lost });
    this.retryLater(1000);
  }

  /** A listener hears nothing until the connection is made again, and may make no call meanwhile: try in the background. */
  private retryLater(delay: number): void {
    if (this.channels.size === 0 || this.ending || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.serial(async () => {}).catch(() => this.retryLater(Math.min(delay * 2, 30_000)));
    }, delay);
    this.retry.unref();
  }

  /** A lost connection made again, as the same login, listening where the old one did. */
  private async reconnect(): Promise<void> {
    const next = await this.open().catch((err: unknown) => {
      // It connected before, so whatever stops it now (a changed password, a dropped login) is the
      // log being out of reach, not the caller's input: serve answers 503 and the sender retries.
      if (err instanceof LogUnreachable) throw err;
      const { host, port, database } = this.where;
      throw new LogUnreachable(`could not connect again to the evidence log at PostgreSQL ${host}:${port}, database ${database}: ${(err as Error).message}; nothing was recorded`, {
        location: `${host}:${port}/${database}`,
        hint: (err as { hint?: string }).hint,
        cause: err,
      });
    });
    if (next.login !== this.login) {
      await next.client.end().catch(() => {});
      throw new OperationFailed(`the connection to PostgreSQL at ${this.where.host}:${this.where.port} came back as login "${next.login}", not "${this.login}"; nothing was recorded`, {
        hint: 'run the command again (a process writes as one login from start to end)',
      });
    }
    try {
      for (const channel of this.channels.keys()) await next.client.query(`LISTEN ${channel}`);
    } catch (err) {
      await next.client.end().catch(() => {});
      throw pgError(err, this.where, 'open', [next.secret]);
    }
    const old = this.client;
    this.client = next.client;
    this.secret = next.secret;
    this.lost = null;
    this.watch(next.client);
    await old.end().catch(() => {});
    for (const w of this.watchers) w({ state: 'restored' });
    for (const { restored } of this.channels.values()) for (const r of restored) r();
  }

  private serial<T>(fn: () => Promise<T>, reconnect = true): Promise<T> {
    const step = async () => {
      if (reconnect && this.lost !== null && !this.ending) await this.reconnect();
      return fn();
    };
    const run = this.queue.then(step, step);
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
