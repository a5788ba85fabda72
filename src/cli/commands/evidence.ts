import type { Command } from 'commander';
import { action, type CliContext } from '../context.js';
import { incidentIdArgument, outputFile } from '../option-values.js';

export function registerEvidence(program: Command): void {
  const ev = program.command('evidence').description('verify and export the tamper-evident evidence log');
  ev.command('verify')
    .argument('[id]', 'an incident id (the whole chain is checked either way)', incidentIdArgument('[id]'))
    .option('--head <hash|file>', 'a head hash kept elsewhere (or a file holding kept heads, e.g. AIOPS_HEAD_FILE: its last); fails if it is not in the chain')
    .description('re-check the hash chain; names the first bad seq; exit 1 on tampering')
    .action(action(verifyCmd));
  ev.command('head')
    .description('print the log\'s head (seq and hash) to keep somewhere its writers cannot change; check it later with verify --head')
    .action(action(headCmd));
  ev.command('export')
    .argument('[id]', 'an incident id (default: the whole log)', incidentIdArgument('[id]'))
    .option('-o, --output <file>', 'write to FILE instead of stdout (created 0600; never the log\'s own files)', outputFile)
    .option('--force', 'replace FILE if it exists')
    .description('JSON Lines with a header stating the hash algorithm, verifiable without aiops')
    .action(action(exportCmd));
  ev.command('attachment')
    .argument('<sha256>', "an attachment's hash (an alert's raw payload, a note's file)")
    .option('-o, --output <file>', 'write the bytes to FILE (needed when stdout is a terminal)', outputFile)
    .description('the stored bytes of an attachment, exactly as given (re-hashed before they are handed out)')
    .action(action(attachmentCmd));
  ev.command('verify-export')
    .argument('<file>', 'a file written by `aiops evidence export` (- for stdin)')
    .description('re-check an export file with the same standard-library-only code as tools/verify-export.mjs; exit 1 on tampering or a file that is not an export; a per-incident file passes, naming the links to events outside it that it cannot check')
    .action(action(verifyExportCmd));
}

async function verifyExportCmd(ctx: CliContext, file: string): Promise<void> {
  const { verifyExportFile } = await import('../verify-export-file.js');
  const verdict = await verifyExportFile(ctx, file);
  ctx.emit({ ...verdict, file }, () => verdict.line);
  if (!verdict.ok) process.exitCode = 1;
}

async function verifyCmd(ctx: CliContext, id: string | undefined, opts: { head?: string }): Promise<void> {
  const { keptHeadFrom } = await import('../../app/kept-head.js');
  const head = opts.head === undefined ? undefined : keptHeadFrom(ctx.cwd, opts.head);
  const { loadProjectFor } = await import('../load.js');
  const { verifyEvidence } = await import('../../app/evidence.js');
  const project = await loadProjectFor(ctx, { quiet: true, readOnly: true });
  const report = await verifyEvidence(project.dbPath, { incidentId: id, head, roster: project.roster });
  ctx.emit({ ...report, db: project.dbPath }, () => {
    const blobs = report.attachments?.problems ?? [];
    if (blobs.length > 0 && report.firstBad === null) {
      const more = blobs.length > 1 ? ` (and ${blobs.length - 1} more attachment(s))` : '';
      return `TAMPERED: attachment of seq ${blobs[0]!.seq} (incident ${blobs[0]!.incidentId}): ${blobs[0]!.kind}: ${blobs[0]!.message}${more}`;
    }
    const actors = report.identity?.problems ?? [];
    if (actors.length > 0 && report.firstBad === null) {
      const first = actors[0]!;
      const more = actors.length > 1 ? ` (and ${actors.length - 1} more event(s) like it)` : '';
      return `FORGED ACTOR: first bad seq ${first.seq} (incident ${first.incidentId}): ${first.message}${more}`;
    }
    const snapshots = report.snapshots?.problems ?? [];
    if (snapshots.length > 0 && report.firstBad === null) {
      const more = snapshots.length > 1 ? ` (and ${snapshots.length - 1} more incident(s))` : '';
      return `TAMPERED: snapshot of ${snapshots[0]!.incidentId} (seq ${snapshots[0]!.seq}): ${snapshots[0]!.kind}: ${snapshots[0]!.message}${more}`;
    }
    const listing = report.summaries?.problems ?? [];
    if (listing.length > 0 && report.firstBad === null) {
      const more = listing.length > 1 ? ` (and ${listing.length - 1} more incident(s))` : '';
      return `LISTING MISMATCH: ${listing[0]!.message}${more}. The events verify; incident list and inbox read these derived rows (on PostgreSQL, \`aiops db init\` rebuilds them)`;
    }
    if (report.ok) {
      const head = report.head ? `; head seq ${report.head.seq} ${report.head.hash}` : '';
      const kept = report.headCheck ? `; kept head found at seq ${report.headCheck.seq}` : '';
      if (report.scope === 'incident') {
        return `ok: ${report.incidentEvents === 1 ? 'the 1 event' : `the ${report.incidentEvents} events`} of ${id} verified, with ${report.incidentEvents === 1 ? 'its link' : 'their links'} into the chain${head} (aiops evidence verify checks the whole log)`;
      }
      const scope = id ? ` (${report.incidentEvents} of them in ${id})` : '';
      const who = report.identity ? `; every actor matches the login that wrote it` : '';
      return `ok: ${report.events} events verified${scope}${head}${kept}${who}`;
    }
    const bad = report.firstBad!;
    // A missing kept head says the log was rewritten, but not where: there is no seq to name.
    if (bad.kind === 'head-not-found') return `TAMPERED: ${bad.message}`;
    if (bad.kind === 'corrupt') return `DAMAGED: ${bad.message}`;
    return `TAMPERED: first bad seq ${bad.seq}${bad.incidentId ? ` (incident ${bad.incidentId})` : ''}: ${bad.kind}: ${bad.message}`;
  });
  if (!ctx.json) for (const w of report.warnings ?? []) ctx.err(`warning: ${w}`);
  if (!report.ok) process.exitCode = 1;
}

async function headCmd(ctx: CliContext): Promise<void> {
  const { loadProjectFor } = await import('../load.js');
  const { openEventLog } = await import('../../store/index.js');
  const project = await loadProjectFor(ctx, { quiet: true, readOnly: true });
  const log = await openEventLog(project.dbPath, { readonly: true });
  try {
    const head = await log.head();
    ctx.emit({ db: project.dbPath, head }, () => (head ? `seq ${head.seq} ${head.hash}` : 'the log is empty: no head yet'));
  } finally {
    await log.close();
  }
}

async function exportCmd(ctx: CliContext, id: string | undefined, opts: { output?: string; force?: boolean }): Promise<void> {
  const { loadProjectFor } = await import('../load.js');
  const { exportEvidenceTo } = await import('../../app/evidence-export.js');
  const project = await loadProjectFor(ctx, { quiet: true, readOnly: true });
  const { terminalSafe } = await import('../terminal-stream.js');
  const { notJson } = await exportEvidenceTo(project.dbPath, id, { cwd: ctx.cwd, output: opts.output, force: opts.force, stdout: terminalSafe(process.stdout) });
  if (opts.output) ctx.err(`wrote ${opts.output}`);
  if (notJson.length > 0) {
    const seqs = notJson.length > 10 ? `${notJson.slice(0, 10).join(', ')} and ${notJson.length - 10} more` : notJson.join(', ');
    ctx.err(`warning: the payload of seq ${seqs} is not JSON (edited outside aiops): exported as its stored text in a JSON string, which fails the hash check there; aiops evidence verify names the damage`);
  }
}

async function attachmentCmd(ctx: CliContext, sha256: string, opts: { output?: string }): Promise<void> {
  const { loadProjectFor } = await import('../load.js');
  const { readStoredAttachment } = await import('../../app/read-attachment.js');
  const project = await loadProjectFor(ctx, { quiet: true, readOnly: true });
  if (!opts.output && process.stdout.isTTY) {
    const { UserError } = await import('../../core/errors.js');
    // Stored bytes came from an alert source or a person: raw, they could drive the terminal.
    throw new UserError('an attachment is raw bytes; stdout is a terminal', { hint: `write it to a file: aiops evidence attachment ${sha256.slice(0, 12)}… -o FILE, or pipe it` });
  }
  const got = await readStoredAttachment(project.dbPath, sha256);
  if (opts.output) {
    const { writeFileAtomic } = await import('../../app/write-file.js');
    const { logFiles } = await import('../../app/safe-output.js');
    // Replaces a file that is there (as it always has), never the log's own files.
    writeFileAtomic(ctx.cwd, opts.output, got.data, { force: true, protect: logFiles(project.dbPath) });
    ctx.err(`wrote ${opts.output} (${got.size} bytes, ${got.name})`);
    return;
  }
  await new Promise<void>((resolve, reject) => process.stdout.write(got.data, (err) => (err ? reject(err) : resolve())));
}
