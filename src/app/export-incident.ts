import { OperationFailed, UserError } from '../core/errors.js';
import { canonicalIncidentId, INVENTORY_STREAM, looksLikeIncidentId } from '../core/incident-id.js';
import { exportBuilder } from '../export/build-export.js';
import type { ExportDocument } from '../export/export-document.js';
import { type TimeFormatter, timeFormatter } from '../export/format-time.js';
import { makeRedactor } from '../hooks/redact.js';
import type { RosterFile } from '../core/schemas/roster.js';
import type { EventLog, IncidentVerifyReport } from '../store/types.js';
import { actorCheck, type IdentityProblem } from './identity.js';
import type { TimelineWriter } from '../export/timeline-writer.js';
import { openEventLog } from '../store/index.js';
import { presetScanner, type SecretScanner, secretScanner } from './secret-scan.js';
import { type AttachmentProblem, attachmentChecker } from './verify-attachments.js';

import { EXPORT_FORMATS, type ExportFormat, parseExportFormat } from '../core/export-formats.js';

export { EXPORT_FORMATS, type ExportFormat, parseExportFormat };

export interface ExportOptions {
  dbPath: string;
  id: string;
  format: ExportFormat;
  /** IANA zone for shown times; UTC when absent. */
  tz?: string;
  /** Extra secret patterns from aiops.yaml, on top of the built-in ones. */
  redact?: readonly string[];
  /** aiops.yaml's hooks: which have an undo, for the mitigations still in effect. */
  hooks?: Record<string, { undo?: string }>;
  /**
   * The roster: on a log whose events carry the login that wrote them (PostgreSQL), each event's
   * actor must be that login's person, as `aiops evidence verify` checks; a mismatch fails the export's verification.
   */
  roster?: RosterFile;
}

export interface ExportResult {
  /** The export in parts whose concatenation is its text (see writeExport). */
  parts: string[];
  /** The document's verification section: whether this incident's events checked out, and the chain head. */
  verification: ExportDocument['verification'];
}

/** Each format's writer, loaded when asked for: an export loads the renderer of its own format only. */
const WRITERS: Record<ExportFormat, () => Promise<() => TimelineWriter>> = {
  md: async () => (await import('../export/render-markdown.js')).markdownWriter,
  json: async () => (await import('../export/render-json.js')).jsonWriter,
  html: async () => (await import('../export/render-html.js')).htmlWriter,
};

/**
 * Reads one incident (or drill) from the evidence log, checking its events as they are read
 * (EventLog.scanVerifiedIncident: each re-hashed and linked into the chain; the rest of the log is
 * not re-walked, `aiops evidence verify` does that), and renders the postmortem timeline in
 * the same pass: each timeline row is written as its event is read, the page around the rows
 * at the end. Read-only: nothing is written to the log.
 */
export async function exportIncident(opts: ExportOptions): Promise<ExportResult> {
  // secretlint's preset scans every string of the incident before the export is trusted: the
  // pass hands each payload to a scanner whose worker thread loads secretlint and scans while
  // this thread renders with the sync redactor. When it finds a secret (rare), the export is
  // rendered again with its finds as literal values; that pass feeds the same scanner, which
  // scans only texts it has not seen (events appended meanwhile), until nothing new is found.
  // The worker starts first, so secretlint loads while this thread loads the renderer and reads.
  const { Worker } = await import('node:worker_threads');
  let scanner = secretScanner(Worker);
  const time = timeFormatter(opts.tz);
  const makeWriter = await WRITERS[opts.format]();
  const log = await openEventLog(opts.dbPath, { readonly: true });
  try {
    const finds = new Set<string>();
    for (;;) {
      const used = finds.size;
      const pass = await exportPass(log, opts, makeWriter(), time, [...finds], scanner);
      const found = await scanner.finds();
      if (found === null) {
        // The worker failed: the next pass scans on this thread, from the start.
        scanner.close();
        scanner = presetScanner();
        continue;
      }
      for (const f of found) finds.add(f);
      if (finds.size === used) return pass.result;
    }
  } finally {
    scanner.close();
    await log.close();
  }
}

/** One read of the incident, checked and rendered with these secrets redacted, each payload handed to the scanner. */
async function exportPass(
  log: EventLog,
  opts: ExportOptions,
  writer: TimelineWriter,
  time: TimeFormatter,
  secrets: readonly string[],
  scanner: SecretScanner,
): Promise<{ result: ExportResult }> {
  const builder = exportBuilder({ time, redact: makeRedactor(opts.redact, secrets), onEntry: writer.row, undoOf: (h) => opts.hooks?.[h]?.undo });
  const actors = opts.roster ? actorCheck(opts.roster) : null;
  const attachments = attachmentChecker(log);
  const chain = await log.scanVerifiedIncident(opts.id, (e) => {
    scanner.add(e.payload);
    builder.add(e);
    actors?.push(e);
    attachments.add(e);
  });
  if (!builder.opened) {
    // Events of the incident with no opening ahead of them: it was deleted or edited away by hand.
    if (chain.incidentEvents > 0 && opts.id !== INVENTORY_STREAM) {
      const bad = chain.firstBad ? `: ${chain.firstBad.message}` : '';
      throw new OperationFailed(`${opts.id} has ${chain.incidentEvents} events in ${opts.dbPath} but no opening event before them: the evidence log was edited outside aiops${bad}`, {
        hint: `aiops evidence verify names the damage; aiops evidence export ${opts.id} writes the events that are left`,
      });
    }
    throw new UserError(`no incident ${opts.id} in ${opts.dbPath}`, { hint: noIncidentHint(opts.id) });
  }
  const verification = withAttachmentCheck(withActorCheck(chain, actors?.result().problems ?? []), (await attachments.check()).problems);
  const document = builder.finish(verification);
  return { result: { parts: writer.finish(document), verification: document.verification } };
}

/**
 * What to try for an id with no incident: its canonical spelling only when it is an incident id
 * spelled otherwise (`INVENTORY` is no incident, nor is `FOO`); the inventory's stream is named as such.
 */
function noIncidentHint(id: string): string {
  if (id === INVENTORY_STREAM) return 'inventory is the version inventory\'s stream, not an incident: aiops inventory shows it, aiops evidence export inventory writes its events';
  const canonical = canonicalIncidentId(id);
  if (canonical !== id && looksLikeIncidentId(id)) return `ids are written like this: aiops export ${canonical}`;
  return 'aiops incident list --all shows every incident and drill';
}

/** The incident's chain check, failed by the first event whose actor is not the person of its login (the chain's own problem comes first). */
function withActorCheck(chain: IncidentVerifyReport, forged: readonly IdentityProblem[]): IncidentVerifyReport {
  const first = forged[0];
  if (!first) return chain;
  const more = forged.length > 1 ? ` (and ${forged.length - 1} more event(s) like it)` : '';
  const problem = { seq: first.seq, incidentId: first.incidentId, kind: 'forged-actor' as const, message: `${first.message}${more}` };
  return { ...chain, ok: false, firstBad: chain.firstBad ?? problem };
}

/** The check so far, failed by the first attachment whose bytes are gone or replaced (an earlier problem stays first). */
function withAttachmentCheck(check: IncidentVerifyReport, problems: readonly AttachmentProblem[]): IncidentVerifyReport {
  const first = problems[0];
  if (!first) return check;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more attachment(s))` : '';
  return { ...check, ok: false, firstBad: check.firstBad ?? { seq: first.seq, incidentId: first.incidentId, kind: first.kind, message: `${first.message}${more}` } };
}
