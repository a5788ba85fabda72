import type { Command } from 'commander';
import { action, type CliContext } from '../context.js';
import { withSession } from '../with-session.js';

export function registerServe(program: Command): void {
  program.command('serve')
    .description('receive alerts over HTTP (POST /alerts: Alertmanager, Grafana, PagerDuty, alert_sources:), AI telemetry for the watch: drift rules (POST /telemetry, serve.watch_file), GET /healthz')
    .option('--listen <host:port>', 'where to listen (port 0: any free port, printed)', '127.0.0.1:9099')
    .option('--max-body <bytes>', 'largest request body, at most 64 MiB (default 1 MiB, or serve.max_body)')
    .option('--rate <n>', 'POSTs a minute, from anyone, before 429 (default 6000, or serve.rate_per_minute)')
    .option('--tick <duration>', 'how often the paging schedule runs (notify: in aiops.yaml), 50ms to 24d', '15s')
    .action(action(serveCmd));
}

function parseListen(text: string): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(text);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) throw new Error(`--listen wants HOST:PORT (e.g. 127.0.0.1:9099), got "${text}"`);
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

function positive(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} wants a positive whole number, got "${text}"`);
  return n;
}

/** `--max-body`: a positive byte count no larger than MAX_BODY_LIMIT (a body is held in memory while it is read). */
async function bodyLimit(text: string | undefined): Promise<number | undefined> {
  const n = positive(text, '--max-body');
  const { MAX_BODY_LIMIT } = await import('../../core/constants.js');
  if (n !== undefined && n > MAX_BODY_LIMIT) throw new Error(`--max-body ${text} is more than a request body may be: at most ${MAX_BODY_LIMIT} (64 MiB)`);
  return n;
}

/** `--tick`: at least 50ms, and a duration a timer can hold (24d), as every timer's duration in the project's files. */
async function tick(text: string): Promise<number> {
  const { fitsTimer, parseDuration, TIMER_CAP } = await import('../../core/duration.js');
  const ms = parseDuration(text);
  if (!ms || ms < 50) throw new Error(`--tick wants a duration of at least 50ms (e.g. 15s), got "${text}"`);
  if (!fitsTimer(ms)) throw new Error(`--tick ${text} is too long (${TIMER_CAP})`);
  return ms;
}

async function serveCmd(ctx: CliContext, opts: { listen: string; maxBody?: string; rate?: string; tick: string }): Promise<void> {
  const { UserError } = await import('../../core/errors.js');
  let where: { host: string; port: number };
  let maxBody: number | undefined;
  let rate: number | undefined;
  let tickMs: number | undefined;
  try {
    where = parseListen(opts.listen);
    maxBody = await bodyLimit(opts.maxBody);
    rate = positive(opts.rate, '--rate');
    tickMs = await tick(opts.tick);
  } catch (err) {
    throw new UserError((err as Error).message);
  }
  await withSession(ctx, async (session) => {
    const { serveSecrets, startServe } = await import('../../serve/serve.js');
    const secrets = serveSecrets(session, ctx.env);
    const { notifyHook, pagingTask } = await import('../../app/paging.js');
    const tasks = notifyHook(session) ? [pagingTask(session, (line) => ctx.err(line))] : [];
    const serving = await startServe(session, { ...where, ...secrets, maxBody, ratePerMinute: rate, log: (line) => ctx.err(line), tasks, tickMs });
    const { address, port } = serving.address;
    const shown = address.includes(':') ? `[${address}]` : address;
    ctx.emit({ ok: true, listening: `http://${shown}:${port}`, port }, () => `aiops serve listening on http://${shown}:${port} (POST /alerts${serving.receiver.telemetry ? ', POST /telemetry' : ''}, GET /healthz)`);
    await new Promise<void>((resolve) => {
      const stop = (sig: string) => {
        ctx.err(`${sig}: stopping; requests in flight finish first`);
        process.off('SIGTERM', onTerm);
        process.off('SIGINT', onInt);
        resolve();
      };
      const onTerm = () => stop('SIGTERM');
      const onInt = () => stop('SIGINT');
      process.on('SIGTERM', onTerm);
      process.on('SIGINT', onInt);
    });
    await serving.stop();
    ctx.err('stopped');
  }, { create: true });
}
