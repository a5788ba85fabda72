import { terminalLine } from '../core/terminal-text.js';

const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|\p{Extended_Pictographic}/u;
const ZERO = /^[\p{Mn}\p{Me}\p{Cf}]$/u;

/** Terminal columns one grapheme-ish character takes: 2 for wide (CJK, emoji), 0 for combining marks. */
function charWidth(ch: string): number {
  if (ZERO.test(ch)) return 0;
  return WIDE.test(ch) ? 2 : 1;
}

/** How many terminal columns `text` takes. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch);
  return w;
}

/** `text` cut to at most `width` columns, ending in … when something was cut; controls are made visible before measuring. */
export function truncate(raw: string, width: number): string {
  if (width <= 0) return '';
  const text = terminalLine(raw);
  if (textWidth(text) <= width) return text;
  let out = '';
  let w = 0;
  for (const ch of text) {
    const cw = charWidth(ch);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
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
