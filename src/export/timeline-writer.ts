import { isoMillis } from '../core/iso-time.js';
import type { ExportDocument, TimelineEntry } from './export-document.js';

/**
 * Renders an export in one format while its timeline is built: each row is written as its
 * entry is made (exportBuilder's onEntry), and the page around the rows once the rest of the
 * document is known. A long incident's entries are then never all held at once.
 */
export interface TimelineWriter {
  /** The next timeline entry, in seq order, with its instant in ms. */
  row(entry: TimelineEntry, ms: number): void;
  /**
   * The whole export, in parts whose concatenation is the text: a caller writing a file writes
   * them one after the other, and a 5 MB page is never copied into one string. `doc.timeline`
   * is not read: the rows came through `row`.
   */
  finish(doc: ExportDocument): string[];
}

/** Renders a complete document through a writer: the same text as writing its rows while building it. */
export function renderThrough(writer: TimelineWriter, doc: ExportDocument): string {
  for (const e of doc.timeline) writer.row(e, isoMillis(e.at));
  return writer.finish(doc).join('');
}

/**
 * A page as TimelineWriter.finish returns it: lines, and between them ready-made chunks of
 * lines (RowChunks), kept as separate parts so the rows are never copied into one string.
 * The parts concatenated are every line followed by `\n`.
 */
export class PageParts {
  private readonly parts: string[] = [];
  private lines: string[] = [];

  push(...lines: string[]): void {
    for (const line of lines) this.lines.push(line);
  }

  /** Chunks that already end in `\n` (RowChunks output). */
  chunks(chunks: readonly string[]): void {
    this.endLines();
    for (const chunk of chunks) this.parts.push(chunk);
  }

  done(): string[] {
    this.endLines();
    return this.parts;
  }

  private endLines(): void {
    if (this.lines.length === 0) return;
    this.lines.push('');
    this.parts.push(this.lines.join('\n'));
    this.lines = [];
  }
}
