import { UserError } from '../core/errors.js';
import { exportBuilder } from '../export/build-export.js';
import type { ExportDocument } from '../export/export-document.js';
import { type TimeFormatter, timeFormatter } from '../export/format-time.js';
import { makeRedactor } from '../hooks/redact.js';
import type { EventLog } from '../store/types.js';
import type { TimelineWriter } from '../export/timeline-writer.js';
import { openEventLog } from '../store/index.js';
import { type SecretScan, scanInBackground, scanIncident } from './secret-scan.js';

export const EXPORT_FORMATS = ['md', 'json', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

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

/** Parses a --format value; UserError names the choices. */
export function parseExportFormat(text: string): ExportFormat {
  const f = text.toLowerCase() === 'markdown' ? 'md' : text.toLowerCase() === 'htm' ? 'html' : text.toLowerCase();
  if (!(EXPORT_FORMATS as readonly string[]).includes(f)) {
    throw new UserError(`--format ${text} is not one of ${EXPORT_FORMATS.join(', ')}`);
  }
  return f as ExportFormat;
}

/**
 * Reads one incident (or drill) from the evidence log, checking its events as they are read
 * (EventLog.scanVerifiedIncident: each re-hashed and linked into the chain; the rest of the log is
 * not re-walked, `aiops evidence verify` does that), and renders the postmortem timeline in
 * the same pass: each timeline row is written as its event is read, the page around the rows
 * at the end. Read-only: nothing is written to the log.
 */
export async function exportIncident(opts: ExportOptions): Promise<ExportResult> {
  const time = timeFormatter(opts.tz);
  const makeWriter = await WRITERS[opts.format]();
  // secretlint's preset runs over every string of the incident before the export is trusted. It
  // scans on a worker thread while this thread renders with the sync redactor; when it finds a
  // secret (rare), the export is rendered again with its finds as literal values. A pass that
  // read events the scan had not yet seen (the incident is being worked on) has them scanned here.
  const background = scanInBackground(opts.dbPath, opts.id);
  const log = await openEventLog(opts.dbPath, { readonly: true });
  try {
    const finds = new Set<string>();
    let throughSeq = 0;
    const absorb = (scan: SecretScan) => {
      for (const f of scan.finds) finds.add(f);
      throughSeq = scan.throughSeq;
    };
    let scan: Promise<SecretScan> | null = background;
    for (;;) {
      const used = finds.size;
      const pass = await exportPass(log, opts, makeWriter(), time, [...finds]);
      if (scan) absorb(await scan);
      scan = null;
      if (pass.lastSeq > throughSeq) absorb(await scanIncident(log, opts.id, throughSeq));
      if (finds.size === used) return pass.result;
    }
  } finally {
    await log.close();
  }
}

/** One read of the incident, checked and rendered with these secrets redacted; and the seq of its last event. */
async function exportPass(
  log: EventLog,
  opts: ExportOptions,
  writer: TimelineWriter,
  time: TimeFormatter,
  secrets: readonly string[],
): Promise<{ result: ExportResult; lastSeq: number }> {
  const builder = exportBuilder({ time, redact: makeRedactor(opts.redact, secrets), onEntry: writer.row, undoOf: (h) => opts.hooks?.[h]?.undo });
  let lastSeq = 0;
  const verification = await log.scanVerifiedIncident(opts.id, (e) => {
    lastSeq = e.seq;
    builder.add(e);
  });
  if (!builder.opened) {
    const upper = opts.id.toUpperCase();
    const hint = upper !== opts.id ? `ids are upper case: aiops export ${upper}` : 'aiops incident list --all shows every incident and drill';
    throw new UserError(`no incident ${opts.id} in ${opts.dbPath}`, { hint });
  }
  const document = builder.finish(verification);
  return { result: { parts: writer.finish(document), verification: document.verification }, lastSeq };
}
