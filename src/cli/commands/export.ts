import type { Command } from 'commander';
import { displayZone } from '../env-zone.js';
import { action, type CliContext } from '../context.js';
import { EXPORT_FORMATS } from '../../core/export-formats.js';
import { incidentIdArgument, offers, outputFile, timeZoneOption } from '../option-values.js';

export function registerExport(program: Command): void {
  const cmd = program
    .command('export')
    .argument('<id>', 'an incident or drill id', incidentIdArgument('<id>'))
    .option('--format <format>', "md, json or html (default: from -o's extension, else md)")
    .option('-o, --output <file>', 'write to FILE (whole or not at all, created 0600; never the log\'s own files) instead of stdout', outputFile)
    .option('--force', 'replace FILE if it exists')
    .option('--tz <zone>', 'show times in this IANA time zone, e.g. Europe/Berlin (default: $TZ when it names one, else UTC)', timeZoneOption)
    .description('postmortem timeline: summary, timeline, hook runs, attachments and a verification line')
    .action(action(exportCmd));
  offers(cmd, '--format', EXPORT_FORMATS);
}

function formatFromFile(file: string | undefined): string | undefined {
  const ext = file?.match(/\.([A-Za-z]+)$/)?.[1]?.toLowerCase();
  if (ext === 'md' || ext === 'markdown') return 'md';
  if (ext === 'json') return 'json';
  if (ext === 'html' || ext === 'htm') return 'html';
  return undefined;
}

async function exportCmd(ctx: CliContext, id: string, opts: { format?: string; output?: string; tz?: string; force?: boolean }): Promise<void> {
  const { loadProjectFor } = await import('../load.js');
  const { exportIncident, parseExportFormat } = await import('../../app/export-incident.js');
  const { UserError } = await import('../../core/errors.js');
  // `-o -` is standard output, as for most tools
  if (opts.output === '-') opts = { ...opts, output: undefined };
  const format = parseExportFormat(opts.format ?? formatFromFile(opts.output) ?? (ctx.json ? 'json' : 'md'));
  if (ctx.json && !opts.output && format !== 'json') {
    throw new UserError(`--json prints the JSON export; for ${format} write a file with -o FILE`);
  }
  const project = await loadProjectFor(ctx, { quiet: true, readOnly: true });
  const exported = await exportIncident({ dbPath: project.dbPath, id, format, tz: opts.tz ?? displayZone(ctx, project.config), redact: project.config.redact ?? [], hooks: project.config.hooks ?? {}, roster: project.roster });
  const v = exported.verification;
  // Markdown and HTML make controls visible as they render; JSON leaves C1 and bidi raw, so they are
  // written as \u escapes: the same value, and the same bytes in a file as on stdout (`cat FILE` is safe).
  const { terminalJson } = await import('../../core/terminal-text.js');
  const parts = format === 'json' ? exported.parts.map(terminalJson) : exported.parts;
  if (opts.output) {
    const { writeFileAtomic } = await import('../../app/write-file.js');
    const { logFiles } = await import('../../app/safe-output.js');
    const file = writeFileAtomic(ctx.cwd, opts.output, parts, { force: opts.force, protect: logFiles(project.dbPath) });
    const bytes = parts.reduce((n, p) => n + Buffer.byteLength(p), 0);
    ctx.emit(
      { ok: v.ok, file, format, bytes, incident: id, events: v.incidentEvents, verification: v },
      () => `wrote ${opts.output} (${format}, ${v.incidentEvents} events); evidence ${v.ok ? 'verified' : 'verification FAILED'}`,
    );
  } else {
    for (const part of parts) process.stdout.write(part);
  }
  if (!v.ok) {
    // A problem no walk finds (a forged actor, a replaced attachment) is said in full: verify names the others.
    const why = v.firstBad && ['forged-actor', 'attachment-missing', 'attachment-changed'].includes(v.firstBad.kind) ? `: ${v.firstBad.message}` : '';
    ctx.err(`warning: the evidence log failed verification (first bad seq ${v.firstBad?.seq ?? '?'}${why}); the export says so`);
    process.exitCode = 1;
  }
  // The log is closed and the file written (synchronously): nothing is left for the process to do.
  (await import('../prompt-exit.js')).endPromptly();
}
