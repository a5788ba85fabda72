import type { Command } from 'commander';
import { action, type CliContext } from '../context.js';

export function registerEvidence(program: Command): void {
  const ev = program.command('evidence').description('verify and export the tamper-evident evidence log');
  ev.command('verify')
    .argument('[id]', 'an incident id (the whole chain is checked either way)')
    .option('--head <hash>', 'a head hash kept elsewhere (e.g. from an earlier export); fails if it is not in the chain')
    .description('re-check the hash chain; names the first bad seq; exit 1 on tampering')
    .action(action(verifyCmd));
  ev.command('export')
    .argument('[id]', 'an incident id (default: the whole log)')
    .option('-o, --output <file>', 'write to FILE instead of stdout')
    .description('JSON Lines with a header stating the hash algorithm, verifiable without aiops')
    .action(action(exportCmd));
  ev.command('verify-export')
    .argument('<file>', 'a file written by `aiops evidence export` (- for stdin)')
    .description('re-check an export file with the same standard-library-only code as tools/verify-export.mjs; exit 1 on tampering')
    .action(action(verifyExportCmd));
}

async function verifyExportCmd(ctx: CliContext, file: string): Promise<void> {
  const { verifyExportFile } = await import('../verify-export-file.js');
  const verdict = await verifyExportFile(ctx, file);
  ctx.emit({ ...verdict, file }, () => verdict.line);
  if (!verdict.ok) process.exitCode = 1;
}

async function verifyCmd(ctx: CliContext, id: string | undefined, opts: { head?: string }): Promise<void> {
  if (opts.head !== undefined && !/^[0-9a-f]{64}$/i.test(opts.head)) {
    const { UserError } = await import('../../core/errors.js');
    throw new UserError(`--head wants the full 64-character sha256 hex of a head you kept, got "${opts.head}"`, {
      hint: 'take `head` from the first line of an `aiops evidence export`, or from `aiops evidence verify --json`',
    });
  }
  const { loadProjectFor } = await import('../load.js');
  const { verifyEvidence } = await import('../../app/evidence.js');
  const project = await loadProjectFor(ctx, { quiet: true, readOnly: true });
  const report = await verifyEvidence(project.dbPath, { incidentId: id, head: opts.head });
  ctx.emit({ ...report, db: project.dbPath }, () => {
    if (report.ok) {
      const head = report.head ? `; head seq ${report.head.seq} ${report.head.hash}` : '';
      const kept = report.headCheck ? `; kept head found at seq ${report.headCheck.seq}` : '';
      if (report.scope === 'incident') {
        return `ok: the ${report.incidentEvents} events of ${id} verified, with their links into the chain${head} (aiops evidence verify checks the whole log)`;
      }
      const scope = id ? ` (${report.incidentEvents} of them in ${id})` : '';
      return `ok: ${report.events} events verified${scope}${head}${kept}`;
    }
    const bad = report.firstBad!;
    // A missing kept head says the log was rewritten, but not where: there is no seq to name.
    if (bad.kind === 'head-not-found') return `TAMPERED: ${bad.message}`;
    return `TAMPERED: first bad seq ${bad.seq}${bad.incidentId ? ` (incident ${bad.incidentId})` : ''}: ${bad.kind}: ${bad.message}`;
  });
  if (!report.ok) process.exitCode = 1;
}

async function exportCmd(ctx: CliContext, id: string | undefined, opts: { output?: string }): Promise<void> {
  const { loadProjectFor } = await import('../load.js');
  const { exportEvidence } = await import('../../app/evidence.js');
  const project = await loadProjectFor(ctx, { quiet: true, readOnly: true });
  const text = await exportEvidence(project.dbPath, id);
  if (opts.output) {
    const { writeFileAtomic } = await import('../../app/write-file.js');
    writeFileAtomic(ctx.cwd, opts.output, text);
    ctx.err(`wrote ${opts.output}`);
  } else {
    process.stdout.write(text);
  }
}
