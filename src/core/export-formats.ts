import { UserError } from './errors.js';

/** The formats an incident export and a drill report are written in. */
export const EXPORT_FORMATS = ['md', 'json', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Parses a --format value; UserError names the choices. */
export function parseExportFormat(text: string): ExportFormat {
  if (!text.trim()) throw new UserError(`--format is empty: give one of ${EXPORT_FORMATS.join(', ')}`);
  const f = text.toLowerCase() === 'markdown' ? 'md' : text.toLowerCase() === 'htm' ? 'html' : text.toLowerCase();
  if (!(EXPORT_FORMATS as readonly string[]).includes(f)) {
    throw new UserError(`--format ${text} is not one of ${EXPORT_FORMATS.join(', ')}`);
  }
  return f as ExportFormat;
}
