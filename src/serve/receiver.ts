import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../core/clock.js';
import { LogUnreachable, UserError } from '../core/errors.js';
import { terminalLine } from '../core/terminal-text.js';
import { bearerOk, pagerDutySignatureOk } from './auth.js';
import { RateLimit } from './rate-limit.js';

/** What the receiver answers for one alert: the HTTP status and the JSON body. */
export interface Answer {
  status: number;
  body: Record<string, unknown>;
  /** A retry of what is already recorded (said in the request's log line). */
  retry?: boolean;
}

/** A background job ticked on the receiver's clock (overdue detection, paging, reminders). */
export type ServeTask = (now: Date) => Promise<void>;

export interface ReceiverOptions {
  /** Handles one authenticated body; resolves only after what it records is committed. */
  receive: (raw: Buffer) => Promise<Answer>;
  /** POST /telemetry (bearer token only): JSON Lines of AI telemetry for the drift rules; absent when aiops.yaml has none. */
  telemetry?: (raw: Buffer) => Promise<Answer>;
  token?: string;
  pagerDutySecret?: string;
  maxBody: number;
  ratePerMinute: number;
  clock: Clock;
  /** One line per request (already made safe for a terminal). */
  log: (line: string) => void;
  /** GET (or HEAD) /healthz: whether the process can do its work (its evidence log answers); absent: always ok. */
  health?: () => Promise<Answer>;
  /** Ticked every `tickMs` (and on demand through `tick()`); one tick at a time. */
  tasks?: ServeTask[];
  tickMs?: number;
}

export interface Receiver {
  server: Server;
  listen(host: string, port: number): Promise<AddressInfo>;
  /** Runs every task once with the clock's now (a slow tick is never overlapped by the next). */
  tick(): Promise<void>;
  /** Runs `fn` in the queue alerts and telemetry are decided in, one at a time. */
  serial<T>(fn: () => Promise<T>): Promise<T>;
  /** Whether POST /telemetry is taken (aiops.yaml has watch: rules). */
  telemetry: boolean;
  /** Stops taking connections, lets requests in flight finish, stops the tasks. */
  close(): Promise<void>;
}

/** How many answers are kept for retries (same bytes or same delivery id → the same answer). */
const REMEMBERED = 10_000;

class TooLarge extends Error {}

function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > max) return reject(new TooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        req.removeAllListeners('data');
        reject(new TooLarge());
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Seconds a sender is asked to wait when the evidence log cannot be reached (503). */
const UNREACHABLE_RETRY_AFTER = 5;

/**
 * The answer when a body could not be recorded: 503 (retry later) while the evidence log cannot be
 * reached, saying whether anything may have been written; 500 for anything else.
 */
function failed(err: unknown): Answer {
  if (err instanceof LogUnreachable) {
    const error = err.inDoubt
      ? `the connection to the evidence log at ${err.location} was lost while this was being written; it may have been recorded: retry (the same bytes again are not counted twice)`
      : `not recorded: the evidence log at ${err.location} cannot be reached; retry`;
    return { status: 503, body: { ok: false, error, retryAfter: UNREACHABLE_RETRY_AFTER } };
  }
  return { status: 500, body: { ok: false, error: `not recorded: ${(err as Error).message}` } };
}

/** An Idempotency-Key (or X-Webhook-Id) sent again with other bytes: refused, nothing recorded. */
function reusedKey(delivery: string): Answer {
  return {
    status: 422,
    body: {
      ok: false,
      error: `not recorded: delivery id ${JSON.stringify(delivery)} (Idempotency-Key / X-Webhook-Id) was already used for an alert with other bytes`,
      hint: 'give each alert its own delivery id, or none: identical bytes are recognised as a retry by their hash',
    },
  };
}

/** Why the address could not be listened on, as the user's mistake (they chose --listen); anything else as it is. */
function listenError(err: NodeJS.ErrnoException, host: string, port: number): Error {
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const hint = '--listen 127.0.0.1:0 (any free port, printed)';
  if (err.code === 'EADDRINUSE') return new UserError(`${where} is already in use (another program listens there); pick another --listen`, { hint });
  if (err.code === 'EACCES') return new UserError(`${where} needs privileges to listen on (ports below 1024 usually do); pick another --listen`, { hint });
  if (err.code === 'EADDRNOTAVAIL') return new UserError(`${where}: no network interface on this machine has that address; pick another --listen`, { hint });
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return new UserError(`${where}: cannot resolve host "${host}"; pick another --listen`, { hint });
  return err;
}

/** The HTTP alert receiver: POST /alerts, POST /telemetry, GET /healthz. Pure node:http; what a body does is `receive`'s or `telemetry`'s. */
export function createReceiver(opts: ReceiverOptions): Receiver {
  const limit = new RateLimit(opts.ratePerMinute, opts.clock);
  const answers = new Map<string, { body: string; answer: Promise<Answer> }>();
  // One alert at a time: whether an alert joins an open incident is decided on what the last one wrote.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };

  const remember = (key: string, body: string, answer: Promise<Answer>) => {
    answers.set(key, { body, answer });
    // Only what recorded something is an answer to repeat; the rest (refused, ignored, failed) is decided afresh.
    answer.then((a) => { if (a.status !== 200 && a.status !== 201) answers.delete(key); }, () => answers.delete(key));
    if (answers.size > REMEMBERED) answers.delete(answers.keys().next().value!);
  };

  async function alerts(req: IncomingMessage): Promise<Answer> {
    if (!limit.take()) return { status: 429, body: { ok: false, error: 'too many requests', retryAfter: limit.retryAfter() } };
    const bearer = bearerOk(req.headers.authorization, opts.token);
    const pdHeader = req.headers['x-pagerduty-signature'];
    if (!bearer && typeof pdHeader !== 'string') return { status: 401, body: { ok: false, error: 'Authorization: Bearer <token> or X-PagerDuty-Signature required' } };
    const raw = await readLimitedBody(req);
    if (!Buffer.isBuffer(raw)) return raw;
    if (!bearer && !pagerDutySignatureOk(pdHeader as string, opts.pagerDutySecret, raw)) return { status: 401, body: { ok: false, error: 'bad X-PagerDuty-Signature' } };
    const delivery = req.headers['idempotency-key'] ?? req.headers['x-webhook-id'];
    const body = createHash('sha256').update(raw).digest('hex');
    const key = typeof delivery === 'string' && delivery ? `id:${delivery}` : `sha256:${body}`;
    const seen = answers.get(key);
    // A retry repeats its bytes; another alert under a delivery id already used is not one, and
    // answering it with the first alert's answer would drop it without a word.
    if (seen && seen.body !== body) return reusedKey(key.slice(3));
    if (seen) return { ...(await seen.answer), retry: true };
    const answer = serial(() => opts.receive(raw)).catch((err): Answer => {
      if (err instanceof UserError) return { status: 422, body: { ok: false, error: err.message, ...(err.hint ? { hint: err.hint } : {}) } };
      return failed(err);
    });
    remember(key, body, answer);
    return answer;
  }

  /** The request's body, or the 413 answer when it is over the limit. */
  async function readLimitedBody(req: IncomingMessage): Promise<Buffer | Answer> {
    try {
      return await readBody(req, opts.maxBody);
    } catch (err) {
      if (err instanceof TooLarge) return { status: 413, body: { ok: false, error: `body over ${opts.maxBody} bytes` } };
      throw err;
    }
  }

  async function telemetry(req: IncomingMessage, take: (raw: Buffer) => Promise<Answer>): Promise<Answer> {
    if (!limit.take()) return { status: 429, body: { ok: false, error: 'too many requests', retryAfter: limit.retryAfter() } };
    if (!bearerOk(req.headers.authorization, opts.token)) return { status: 401, body: { ok: false, error: 'Authorization: Bearer <token> required' } };
    const raw = await readLimitedBody(req);
    if (!Buffer.isBuffer(raw)) return raw;
    // The same queue as alerts: a drift incident and an alert for it are decided one after the other.
    return serial(() => take(raw)).catch(failed);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const path = (req.url ?? '/').split('?')[0];
    let answer: Answer;
    try {
      // Probes ask with HEAD too (node:http sends no body for it): the same status, and the answer's headers.
      if ((req.method === 'GET' || req.method === 'HEAD') && path === '/healthz') answer = opts.health ? await opts.health() : { status: 200, body: { ok: true } };
      else if (path === '/alerts' && req.method === 'POST') answer = await alerts(req);
      else if (path === '/alerts') answer = { status: 405, body: { ok: false, error: 'POST an alert payload to /alerts' } };
      else if (path === '/telemetry' && !opts.telemetry) answer = { status: 404, body: { ok: false, error: 'no drift rules: aiops.yaml has no watch: section, so serve takes no telemetry' } };
      else if (path === '/telemetry' && req.method === 'POST') answer = await telemetry(req, opts.telemetry!);
      else if (path === '/telemetry') answer = { status: 405, body: { ok: false, error: 'POST JSON Lines telemetry to /telemetry' } };
      else answer = { status: 404, body: { ok: false, error: `aiops serve answers POST /alerts${opts.telemetry ? ', POST /telemetry' : ''} and GET /healthz` } };
    } catch (err) {
      answer = { status: 500, body: { ok: false, error: (err as Error).message } };
    }
    const text = JSON.stringify(answer.body);
    const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) };
    if (answer.status === 429 || answer.status === 503) headers['retry-after'] = String(answer.body.retryAfter ?? 1);
    // Refused before the body was read: close the connection instead of reading megabytes for nothing.
    if (answer.status === 413 || (answer.status === 401 && !req.complete)) headers.connection = 'close';
    res.writeHead(answer.status, headers);
    res.end(text);
    const b = answer.body;
    const fired = Array.isArray(b.firings) && b.firings.length ? `${b.firings.length} drift firing(s)` : undefined;
    const what = [b.outcome, b.incident, fired, answer.retry ? 'retry' : undefined, b.error].filter((x) => typeof x === 'string' && x).join(' ');
    opts.log(terminalLine(`${opts.clock.now().toISOString()} ${req.method} ${path} ${answer.status} ${(performance.now() - started).toFixed(1)}ms ${req.socket.remoteAddress ?? '-'}${what ? ` ${what}` : ''}`));
  }

  const server = createServer((req, res) => void handle(req, res));
  server.requestTimeout = 30_000;
  let ticking: Promise<void> | null = null;
  const tick = async () => {
    if (ticking) return ticking;
    ticking = (async () => {
      for (const task of opts.tasks ?? []) {
        try {
          await task(opts.clock.now());
        } catch (err) {
          opts.log(terminalLine(`${opts.clock.now().toISOString()} task failed: ${(err as Error).message}`));
        }
      }
    })().finally(() => (ticking = null));
    return ticking;
  };
  const timer = opts.tasks?.length ? setInterval(() => void tick(), opts.tickMs ?? 15_000) : null;
  timer?.unref();

  return {
    server,
    tick,
    serial,
    telemetry: Boolean(opts.telemetry),
    listen: (host, port) =>
      new Promise((resolve, reject) => {
        server.once('error', (err) => reject(listenError(err as NodeJS.ErrnoException, host, port)));
        server.listen(port, host, () => resolve(server.address() as AddressInfo));
      }),
    close: async () => {
      if (timer) clearInterval(timer);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await queue;
      if (ticking) await ticking;
    },
  };
}
