import type { ExportDocument } from './export-document.js';
import { htmlWriter } from './render-html.js';
import { jsonWriter } from './render-json.js';
import { markdownWriter } from './render-markdown.js';
import { renderThrough } from './timeline-writer.js';

/** Renders a whole export document in one of the three formats (the export command streams its rows instead; see exportIncident). */
export function renderExport(doc: ExportDocument, format: 'md' | 'json' | 'html'): string {
  const writer = format === 'md' ? markdownWriter() : format === 'json' ? jsonWriter() : htmlWriter();
  return renderThrough(writer, doc);
}
