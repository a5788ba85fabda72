import type { Command } from 'commander';
import { action, type CliContext } from '../context.js';

export function registerDb(program: Command): void {
  const db = program.command('db').description('the evidence log on PostgreSQL, for a team on several hosts');
  db.command('init')
    .option('--url <url>', 'postgres://HOST/DATABASE (default: the project’s db); credentials from PGPASSWORD / ~/.pgpass')
    .description('run once by the database owner: schema, append-only guards, role aiops_writer granted to the roster logins; safe to run again')
    .action(action(initCmd));
  db.command('copy')
    .requiredOption('--from <path>', 'the SQLite log to copy')
    .requiredOption('--to <url>', 'postgres://HOST/DATABASE, initialised and empty')
    .description('copy a SQLite log into PostgreSQL event for event; both verify to the same head')
    .action(action(copyCmd));
}

async function initCmd(ctx: CliContext, opts: { url?: string }): Promise<void> {
  const { loadProjectFor } = await import('../load.js');
  const { initDatabase } = await import('../../app/db-admin.js');
  const project = await loadProjectFor(ctx, { quiet: true });
  const r = await initDatabase(project, opts.url);
  ctx.emit(r, () => {
    const lines = [
      `ok: evidence log schema ${r.version} in ${r.where} (schema ${r.schema})${r.applied.length ? `; applied migration ${r.applied.join(', ')}` : '; already up to date'}`,
      `aiops_writer (appends only: INSERT and SELECT on the log, the listing rows kept beside it) granted to: ${r.granted.length ? r.granted.join(', ') : 'nobody yet'}`,
    ];
    if (r.rebuilt.length > 0) {
      const some = r.rebuilt.slice(0, 5).join(', ') + (r.rebuilt.length > 5 ? `, and ${r.rebuilt.length - 5} more` : '');
      lines.push(`listing rows (incident list, inbox) rebuilt from the events for ${r.rebuilt.length} incident(s): ${some}`);
    }
    if (r.missing.length > 0) {
      lines.push(`${r.missing.length} roster login(s) do not exist on the server; create them (then run aiops db init again):`);
      for (const m of r.missing) lines.push(`  ${m.sql}   -- ${m.person}`);
    }
    return lines.join('\n');
  });
}

async function copyCmd(ctx: CliContext, opts: { from: string; to: string }): Promise<void> {
  const { resolve } = await import('node:path');
  const { copyDatabase } = await import('../../app/db-admin.js');
  const from = /^[a-z][a-z0-9+.-]+:/i.test(opts.from) ? opts.from : resolve(ctx.cwd, opts.from);
  const r = await copyDatabase(from, opts.to);
  ctx.emit(r, () =>
    r.ok
      ? `ok: copied ${r.events} events of ${r.incidents} incident(s) and ${r.attachments} attachment(s); both logs verify to head seq ${r.target.head?.seq ?? 0} ${r.target.head?.hash ?? '(empty)'}`
      : `FAILED: the copy does not verify to the source's head (source ${r.source.head?.hash ?? 'empty'}, copy ${r.target.head?.hash ?? 'empty'}${r.target.firstBad ? `: ${r.target.firstBad.message}` : r.target.summaries?.problems[0] ? `: ${r.target.summaries.problems[0].message}` : ''})`,
  );
  if (!r.ok) process.exitCode = 1;
}
