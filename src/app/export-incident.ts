import { UserError } from '../core/errors.js';
import { exportBuilder } from '../export/build-export.js';
import type { ExportDocument } from '../export/export-document.js';
import { timeFormatter } from '../export/format-time.js';
import { makeRedactor } from '../hooks/redact.js';
import type { EventLog } from '../store/types.js';
import type { TimelineWriter } from '../export/timeline-writer.js';
import { openEventLog } from '../store/index.js';

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
  const log = await openEventLog(opts.dbPath, { readonly: true });
  try {
    const writer = makeWriter();
    const found = await presetSecretsIn(log, opts.id);
    const builder = exportBuilder({ time, redact: makeRedactor(opts.redact, found), onEntry: writer.row, undoOf: (h) => opts.hooks?.[h]?.undo });
    const verification = await log.scanVerifiedIncident(opts.id, builder.add);
    if (!builder.opened) {
      const upper = opts.id.toUpperCase();
      const hint = upper !== opts.id ? `ids are upper case: aiops export ${upper}` : 'aiops incident list --all shows every incident and drill';
      throw new UserError(`no incident ${opts.id} in ${opts.dbPath}`, { hint });
    }
    const document = builder.finish(verification);
    return { parts: writer.finish(document), verification: document.verification };
  } finally {
    await log.close();
  }
}

/** Events read per page by the secret scan, so a long incident is never held whole. */
const SCAN_PAGE = 500;

/**
 * Every secret secretlint's preset finds in the incident's texts. The export builds its document
 * synchronously, event by event, so the preset runs first, over every string in the events, and
 * its finds are then redacted as literal values (with the supplement and aiops.yaml patterns).
 */
async function presetSecretsIn(log: EventLog, id: string): Promise<string[]> {
  const { presetFinder } = await import('../hooks/redact-preset.js');
  const finder = presetFinder();
  for (let afterSeq = 0; ; ) {
    const page = await log.readIncident(id, { afterSeq, limit: SCAN_PAGE });
    for (const e of page) await finder.add(e.payload);
    if (page.length < SCAN_PAGE) break;
    afterSeq = page.at(-1)!.seq;
  }
  return finder.finds();
}
