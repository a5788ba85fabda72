import { existsSync } from 'node:fs';
import { UserError } from '../core/errors.js';
import { exportBuilder } from '../export/build-export.js';
import type { ExportDocument } from '../export/export-document.js';
import { timeFormatter } from '../export/format-time.js';
import { makeRedactor } from '../export/redactor.js';
import { renderHtml } from '../export/render-html.js';
import { renderMarkdown } from '../export/render-markdown.js';
import { openStore } from '../store/index.js';

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
}

export interface ExportResult {
  text: string;
  document: ExportDocument;
}

/** Parses a --format value; UserError names the choices. */
export function parseExportFormat(text: string): ExportFormat {
  const f = text.toLowerCase() === 'markdown' ? 'md' : text.toLowerCase() === 'htm' ? 'html' : text.toLowerCase();
  if (!(EXPORT_FORMATS as readonly string[]).includes(f)) {
    throw new UserError(`--format ${text} is not one of ${EXPORT_FORMATS.join(', ')}`);
  }
  return f as ExportFormat;
}

/** Renders an export document in one of the three formats. */
export function renderExport(doc: ExportDocument, format: ExportFormat): string {
  if (format === 'json') return `${JSON.stringify(doc, null, 2)}\n`;
  if (format === 'html') return renderHtml(doc);
  return renderMarkdown(doc);
}

/**
 * Reads one incident (or drill) from the evidence log, checking its events as they are read
 * (store.scanVerifiedIncident: each re-hashed and linked into the chain; the rest of the log is
 * not re-walked, `aiops evidence verify` does that), and renders the postmortem timeline in
 * the same pass. Read-only: nothing is written to the log.
 */
export function exportIncident(opts: ExportOptions): ExportResult {
  const time = timeFormatter(opts.tz);
  if (!existsSync(opts.dbPath)) throw new UserError(`no evidence log at ${opts.dbPath}`, { hint: 'pass --db PATH, or start an incident first' });
  const store = openStore(opts.dbPath, { readonly: true });
  try {
    const builder = exportBuilder({ time, redact: makeRedactor(opts.redact) });
    const verification = store.scanVerifiedIncident(opts.id, builder.add);
    if (!builder.opened) {
      throw new UserError(`no incident ${opts.id} in ${opts.dbPath}`, { hint: 'aiops incident list --all shows every incident and drill' });
    }
    const document = builder.finish(verification);
    return { text: renderExport(document, opts.format), document };
  } finally {
    store.close();
  }
}
