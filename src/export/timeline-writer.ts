import type { ExportDocument, TimelineEntry } from './export-document.js';

/**
 * Renders an export in one format while its timeline is built: each row is written as its
 * entry is made (exportBuilder's onEntry), and the page around the rows once the rest of the
 * document is known. A long incident's entries are then never all held at once.
 */
export interface TimelineWriter {
  /** The next timeline entry, in seq order, with its instant in ms. */
  row(entry: TimelineEntry, ms: number): void;
  /** The whole export. `doc.timeline` is not read: the rows came through `row`. */
  finish(doc: ExportDocument): string;
}

/** Renders a complete document through a writer: the same text as writing its rows while building it. */
export function renderThrough(writer: TimelineWriter, doc: ExportDocument): string {
  for (const e of doc.timeline) writer.row(e, Date.parse(e.at));
  return writer.finish(doc);
}
