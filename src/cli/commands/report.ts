import type { Command } from 'commander';
import { action, type CliContext } from '../context.js';

export function registerReport(program: Command): void {
  program
    .command('report')
    .option('--since <duration>', 'incidents opened in this window: 30d, 2w, 12h, or all', '30d')
    .option('--service <service>', 'only this service')
    .option('--drills-only', 'only the drills section')
    .option('--no-drills', 'leave the drills section out')
    .option('--telemetry <file>', 'add the oversight section from JSON Lines AI telemetry (false approvals, policy hits, …)')
    .description('MTTA, time to mitigate and resolve, approvals, overrides, disagreement, hook failures, escalations, drill scores')
    .action(action(reportCmd));
}

async function reportCmd(ctx: CliContext, opts: { since: string; service?: string; drillsOnly?: boolean; drills?: boolean; telemetry?: string }): Promise<void> {
  const { refuseBlank, UserError } = await import('../../core/errors.js');
  if (opts.drillsOnly && opts.drills === false) throw new UserError('--drills-only and --no-drills exclude each other');
  // Blank would be read as the working directory ("cannot read the telemetry file (EISDIR)"): named before anything is read.
  refuseBlank('--telemetry', opts.telemetry, 'name a JSON Lines telemetry file: --telemetry telemetry.jsonl, or leave --telemetry out for no oversight section');
  const { withSession } = await import('../with-session.js');
  const { buildReport } = await import('../../app/report.js');
  const { renderReport } = await import('../../export/render-report.js');
  // A listing's session, as incident list's: no log yet reports zeros, a mistyped --db or $AIOPS_DB is refused.
  const doc = await withSession(ctx, (session) => buildReport(session.log, {
    now: ctx.clock.now(),
    since: opts.since,
    service: opts.service,
    drills: opts.drillsOnly ? 'only' : opts.drills === false ? 'exclude' : 'include',
  }), { readOnly: true, listing: true });
  const { printWarnings } = await import('../print-warnings.js');
  printWarnings(ctx, doc.warnings ?? []);
  if (opts.telemetry === undefined) return ctx.emit(doc, () => renderReport(doc));
  const { resolve } = await import('node:path');
  const { oversightFromFile } = await import('../../app/read-telemetry.js');
  const { renderOversight } = await import('../../export/render-oversight.js');
  const oversight = await oversightFromFile(resolve(ctx.cwd, opts.telemetry), opts.telemetry, opts.service ?? null, doc.window);
  ctx.emit({ ...doc, oversight }, () => renderReport(doc) + renderOversight(oversight, doc.window));
}
