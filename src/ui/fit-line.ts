import stringWidth from 'string-width';
import { terminalLine } from '../core/terminal-text.js';

/** How many terminal columns `text` takes, measured as Ink measures it (string-width). */
export function textWidth(text: string): number {
  return stringWidth(text);
}

/** `text` cut to at most `width` columns, ending in … when something was cut; controls are made visible before measuring. */
export function truncate(raw: string, width: number): string {
  if (width <= 0) return '';
  const text = terminalLine(raw);
  if (stringWidth(text) <= width) return text;
  // Cut between graphemes, each measured by string-width. cli-truncate (what Ink's wrap="truncate" uses)
  // keeps a wide emoji that straddles the cut and so returns one column too many.
  let out = '';
  let w = 0;
  for (const { segment } of graphemes.segment(text)) {
    const cw = stringWidth(segment);
    if (w + cw > width - 1) break;
    out += segment;
    w += cw;
  }
  return `${out}…`;
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** `text` (controls made visible first) cut into rows of at most `width` columns, between graphemes; an empty line is one empty row. */
export function wrapLine(raw: string, width: number): string[] {
  const text = terminalLine(raw);
  if (width <= 0 || stringWidth(text) <= width) return [text];
  const rows: string[] = [];
  let row = '';
  let w = 0;
  for (const { segment } of graphemes.segment(text)) {
    const cw = stringWidth(segment);
    if (w + cw > width && row) {
      rows.push(row);
      row = '';
      w = 0;
    }
    row += segment;
    w += cw;
  }
  rows.push(row);
  return rows;
}

/** A piece of a one-line bar; lower priority pieces are dropped first when the line is too narrow. */
export interface LinePart {
  id: string;
  text: string;
  priority: number;
  /** The least width this part may be cut to (with …) before it is dropped instead; absent: never cut. */
  minWidth?: number;
  /** Spaces before this part when another part precedes it (default 2). */
  gap?: number;
}

/** The spaces shown before each kept part: none before the first. */
export function gapBefore(kept: LinePart[], index: number): string {
  return index === 0 ? '' : ' '.repeat(kept[index]!.gap ?? 2);
}

/**
 * Lays parts out on exactly one line of `width` columns, each after its gap, in their given order:
 * cuttable parts are shortened first, then the lowest-priority part is dropped, until it fits.
 * Returns the parts that stay (same order), with their texts as shown.
 */
export function fitParts(parts: LinePart[], width: number): LinePart[] {
  let kept = parts.filter((p) => p.text.length > 0).map((p) => ({ ...p, text: terminalLine(p.text) }));
  for (;;) {
    const total = kept.reduce((n, p, i) => n + textWidth(p.text) + gapBefore(kept, i).length, 0);
    if (total <= width) return kept;
    const over = total - width;
    const cuttable = kept.filter((p) => p.minWidth !== undefined && textWidth(p.text) > p.minWidth);
    const cut = cuttable.sort((a, b) => a.priority - b.priority)[0];
    if (cut && textWidth(cut.text) - over >= cut.minWidth!) {
      kept = kept.map((p) => (p === cut ? { ...p, text: truncate(p.text, textWidth(p.text) - over) } : p));
      continue;
    }
    if (kept.length <= 1) return kept.map((p) => ({ ...p, text: truncate(p.text, width) }));
    const lowest = kept.reduce((a, b) => (b.priority < a.priority ? b : a));
    kept = kept.filter((p) => p !== lowest);
  }
}
