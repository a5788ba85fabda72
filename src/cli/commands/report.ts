import type { Command } from 'commander';
import { action, type CliContext } from '../context.js';

export function registerReport(program: Command): void {
  program
    .command('report')
    .option('--since <duration>', 'incidents opened in this window: 30d, 2w, 12h, or all', '30d')
    .option('--service <service>', 'only this service')
    .option('--drills-only', 'only the drills section')
    .option('--no-drills', 'leave the drills section out')
    .description('MTTA, time to mitigate and resolve, approvals, overrides, disagreement, hook failures, escalations, drill scores')
    .action(action(reportCmd));
}

async function reportCmd(ctx: CliContext, opts: { since: string; service?: string; drillsOnly?: boolean; drills?: boolean }): Promise<void> {
  const { UserError } = await import('../../core/errors.js');
  if (opts.drillsOnly && opts.drills === false) throw new UserError('--drills-only and --no-drills exclude each other');
  const { loadProjectFor } = await import('../load.js');
  const { buildReport } = await import('../../app/report.js');
  const { renderReport } = await import('../../export/render-report.js');
  const project = await loadProjectFor(ctx, { quiet: true, readOnly: true });
  const doc = await buildReport({
    dbPath: project.dbPath,
    now: ctx.clock.now(),
    since: opts.since,
    service: opts.service,
    drills: opts.drillsOnly ? 'only' : opts.drills === false ? 'exclude' : 'include',
  });
  ctx.emit(doc, () => renderReport(doc));
}
