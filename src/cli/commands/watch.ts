import type { Command } from 'commander';
import type { FileTurn } from '../../app/follow-file.js';
import type { DriftFailed, DriftRaised, WatchSummary } from '../../app/watch.js';
import { action, type CliContext } from '../context.js';

export function registerWatch(program: Command): void {
  program
    .command('watch')
    .argument('<file>', 'JSON Lines telemetry, one record per AI request; - for stdin')
    .option('--follow', 'keep reading what is appended to the file until interrupted (Ctrl-C)')
    .description('apply the drift rules under watch: in aiops.yaml to AI telemetry; a rule that fires opens (or adds to) an incident')
    .action(action(watchCmd));
}

const firedText = (r: DriftRaised | DriftFailed, figure: (v: number) => string) =>
  `${r.rule} fired on ${r.service}: ${r.metric}${r.class !== undefined ? ` of ${r.class}` : ''} ${figure(r.value)} above ${r.above} over ${r.window} (${r.hits} of ${r.count})`;
const firingLine = (r: DriftRaised, figure: (v: number) => string) => `${firedText(r, figure)} - ${r.outcome === 'opened' ? 'opened' : 'added to'} ${r.incidentId}`;
/** A firing that opened no incident: on stderr, and the watch reads on. */
const failedLine = (f: DriftFailed, figure: (v: number) => string) => `${firedText(f, figure)} - no incident: ${f.error}`;

async function watchCmd(ctx: CliContext, file: string, opts: { follow?: boolean }): Promise<void> {
  const { refuseBlank, UserError } = await import('../../core/errors.js');
  // A blank FILE would resolve to the working directory and be refused as "' ' is a directory".
  refuseBlank('FILE', file, 'name a JSON Lines telemetry file (aiops watch telemetry.jsonl), or - for standard input');
  const { withSession } = await import('../with-session.js');
  const { badLineText, watchTelemetry } = await import('../../app/watch.js');
  const { formatFigure } = await import('../../core/watch/metrics.js');
  const { printWarnings } = await import('../print-warnings.js');
  const { resolve } = await import('node:path');
  const { accessSync, constants, statSync } = await import('node:fs');
  const path = file === '-' ? null : resolve(ctx.cwd, file);
  if (path) {
    // Checked before anything is read or written: a wrong path is the user's mistake (exit 2), named as given.
    try {
      if (statSync(path).isDirectory()) throw new UserError(`${file} is a directory; watch reads a telemetry file (JSON lines)`);
      accessSync(path, constants.R_OK);
    } catch (err) {
      if (err instanceof UserError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new UserError(`${file}: no such file`);
      if (code === 'EACCES' || code === 'EPERM') throw new UserError(`${file}: permission denied (watch needs to read it)`);
      throw new UserError(`cannot read ${file}: ${(err as Error).message}`);
    }
  }
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const summary: WatchSummary = await withSession(ctx, async (session) => {
      if (!(session.project.config.watch ?? []).length) {
        throw new UserError('no drift rules: aiops.yaml has no watch: section', { hint: 'add rules, e.g. watch: [{id: rejections-up, metric: rejection_rate, window: 10m, above: 0.2, min_count: 20, trigger: hallucinated_commitment}]' });
      }
      const { createReadStream } = await import('node:fs');
      const { followFile, followNoticeText } = await import('../../app/follow-file.js');
      const chunks = path === null ? process.stdin : opts.follow ? followFile(path, stop.signal, { onNotice: (n) => ctx.err(followNoticeText(file, n)) }) : createReadStream(path);
      // SIGINT/SIGTERM end the read whatever it is waiting on (a pipe, /dev/zero, a followed file); what was read is summed up.
      return watchTelemetry(session, untilAborted(chunks as AsyncIterable<Buffer | FileTurn>, stop.signal), ctx.json ? undefined : (r) => {
        ctx.out(firingLine(r, formatFigure));
        // Under its line, as incident start says them: the service's owners to give roles to and to tell.
        printWarnings(ctx, r.warnings);
      }, undefined, ctx.json ? undefined : (f) => ctx.err(failedLine(f, formatFigure)));
    }, { create: true });
    for (const b of summary.bad.slice(0, 20)) ctx.err(badLineText(file, b));
    if (summary.bad.length > 20) ctx.err(`${file}: ${summary.bad.length - 20} more bad lines (all of them with --json)`);
    ctx.emit(summary, () => `read ${summary.records} records, ${summary.bad.length} bad line(s)${summary.bad.length ? ` (line ${summary.bad.slice(0, 10).map((b) => b.line).join(', ')}${summary.bad.length > 10 ? ', …' : ''})` : ''}; ${summary.firings.length} rule firing(s)${summary.failed.length ? `, ${summary.failed.length} opened no incident` : ''}${summary.late ? `; ${summary.late} record(s) arrived too late for their window` : ''}`);
    // Exit 1 as a failed hook does: everything was read, but a firing found no incident to raise.
    if (summary.failed.length) process.exitCode = 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** The chunks of `source` until `signal` aborts, even while a read is pending; the source is then closed. */
async function* untilAborted<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  try {
    while (!signal.aborted) {
      // A listener per read, removed after it (racing one long-lived promise would keep every chunk alive).
      const next = await new Promise<IteratorResult<T> | null>((resolve, reject) => {
        const onAbort = () => resolve(null);
        signal.addEventListener('abort', onAbort, { once: true });
        it.next().then(
          (r) => { signal.removeEventListener('abort', onAbort); resolve(r); },
          (err: unknown) => { signal.removeEventListener('abort', onAbort); reject(err); },
        );
      });
      if (next === null || next.done) return;
      yield next.value;
    }
  } finally {
    await it.return?.();
  }
}
