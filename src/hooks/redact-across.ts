/**
 * Secrets a terminal shows whole although the bytes are not contiguous: a token broken by colour
 * codes (`sk-pro\e[1mj-…`), by other escapes or invisible characters, or wrapped onto the next
 * line. The patterns are matched against a view with those characters removed, and each match
 * is mapped back onto the original text.
 */

// Escape sequences (CSI, OSC, DCS/PM/APC/SOS, two-byte ESC forms, their C1 spellings), the other
// C0 controls but tab and line breaks, and the invisible characters that can split a word.
const ESCAPES =
  // eslint-disable-next-line no-control-regex
  /\u001b\][^\u0007\u001b\n]*(?:\u0007|\u001b\\)?|\u009d[^\u0007\u009c\n]*(?:\u0007|\u009c)?|\u001b[P^_X][^\u001b\n]*(?:\u001b\\)?|[\u0090\u0098\u009e\u009f][^\u009c\n]*\u009c?|\u001b\[[0-?]*[ -/]*[@-~]?|\u009b[0-?]*[ -/]*[@-~]?|\u001b[ -/]*[0-~]?|[\u0000-\u0008\u000b\u000c\u000e-\u001a\u001c-\u001f\u007f\u0080-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
const BREAKS = /\r\n|\r|\n/;

const HIDDEN = new RegExp(ESCAPES.source, 'g');
const HIDDEN_OR_BREAK = new RegExp(`${ESCAPES.source}|${BREAKS.source}`, 'g');
const ANY_HIDDEN = new RegExp(ESCAPES.source);
const ANY_BREAK = /[\r\n]/;
const SPLIT_BREAKS = /(\r\n|\r|\n)/;

export const REDACTED = '[REDACTED]';

/** A half-open range of the original text to hide. */
export type Range = [start: number, end: number];

/** The text with `hidden` removed, and for each kept character its index in the original. */
export function viewOf(text: string, hidden: RegExp): { view: string; at: Int32Array } {
  const at = new Int32Array(text.length);
  const parts: string[] = [];
  let n = 0;
  let from = 0;
  hidden.lastIndex = 0;
  for (const m of text.matchAll(hidden)) {
    for (let i = from; i < m.index; i++) at[n++] = i;
    parts.push(text.slice(from, m.index));
    from = m.index + m[0].length;
  }
  for (let i = from; i < text.length; i++) at[n++] = i;
  parts.push(text.slice(from));
  return { view: parts.join(''), at };
}

const whole = new WeakMap<RegExp, RegExp>();
/** The pattern matching a whole string only. */
function anchored(re: RegExp): RegExp {
  let a = whole.get(re);
  if (!a) whole.set(re, (a = new RegExp(`^(?:${re.source})$`, re.flags.replace('g', ''))));
  return a;
}

/**
 * Ranges of `text` where a pattern matches only once the removed characters are gone. Across a
 * line break, only where the part before the break is not a whole match by itself: a line that
 * ends in a secret followed by an ordinary line is not one secret.
 */
function spanning(text: string, hidden: RegExp, patterns: readonly RegExp[], lines: boolean): Range[] {
  const { view, at } = viewOf(text, hidden);
  const ranges: Range[] = [];
  for (const re of patterns) {
    for (const m of view.matchAll(re)) {
      if (!m[0]) continue;
      const start = at[m.index]!;
      const end = at[m.index + m[0].length - 1]! + 1;
      if (end - start === m[0].length) continue;
      if (lines) {
        let j = m.index + 1;
        while (j < m.index + m[0].length && !ANY_BREAK.test(text.slice(at[j - 1]! + 1, at[j]))) j++;
        if (j === m.index + m[0].length || anchored(re).test(view.slice(m.index, j))) continue;
      }
      ranges.push([start, end]);
    }
  }
  return ranges;
}

/**
 * Where secrets run across escapes or invisible characters (`patterns`, all of them) or across
 * line breaks (`joinable`: the patterns that can sensibly continue on the next line).
 */
export function rangesAcross(text: string, patterns: readonly RegExp[], joinable: readonly RegExp[]): Range[] {
  const ranges: Range[] = [];
  if (ANY_HIDDEN.test(text)) ranges.push(...spanning(text, HIDDEN, patterns, false));
  if (ANY_BREAK.test(text) && joinable.length > 0) ranges.push(...spanning(text, HIDDEN_OR_BREAK, joinable, true));
  return ranges;
}

/**
 * `rangesAcross` for a finder that reports ranges itself (secretlint): what it finds in the text,
 * in the view without escapes and invisible characters, and in the view without line breaks too,
 * each mapped back onto the text. A find across a line break counts only when what comes before
 * the break was not found as a secret by itself: a line ending in a secret followed by an
 * ordinary line is not one secret. Without `acrossBreaks` the lines are separate texts (a batch of
 * notes joined by line breaks) and no find joins two of them.
 */
export async function rangesFoundAcross(text: string, find: (text: string) => Promise<Range[]>, acrossBreaks = true): Promise<Range[]> {
  const ranges = await find(text);
  const inView = async (hidden: RegExp): Promise<Range[]> => {
    const { view, at } = viewOf(text, hidden);
    return (await find(view)).filter(([s, e]) => e > s).map(([s, e]): Range => [at[s]!, at[e - 1]! + 1]);
  };
  if (ANY_HIDDEN.test(text)) ranges.push(...(await inView(HIDDEN)));
  if (acrossBreaks && ANY_BREAK.test(text)) {
    const alone = [...ranges];
    for (const r of await inView(HIDDEN_OR_BREAK)) {
      const brk = text.slice(r[0], r[1]).search(ANY_BREAK);
      if (brk >= 0 && alone.some(([s, e]) => s <= r[0] && e >= r[0] + brk)) continue;
      ranges.push(r);
    }
  }
  return ranges;
}

/**
 * A character class (regex source) holding every character `flatView` removes, and more: all but tab
 * and printable ASCII. A text with none of them is its own flat view (a property test holds this).
 */
export const NOT_PLAIN_ASCII = '[^\\t\\x20-\\x7e]';

/** The view in which any secret in `text` is contiguous: escapes, invisible characters and line breaks removed. */
export function flatView(text: string): string {
  return ANY_HIDDEN.test(text) || ANY_BREAK.test(text) ? text.replace(HIDDEN_OR_BREAK, '') : text;
}

/**
 * Replaces each range by [REDACTED], line by line: the line breaks inside a range stay, so a
 * wrapped secret leaves as many lines as it had, each one redacted.
 */
export function applyRanges(text: string, ranges: Range[]): string {
  if (ranges.length === 0) return text;
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: Range[] = [];
  for (const r of sorted) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  let out = '';
  let from = 0;
  for (const [s, e] of merged) {
    out += text.slice(from, s);
    out += text
      .slice(s, e)
      .split(SPLIT_BREAKS)
      .map((part, i) => (i % 2 === 1 || part.replace(HIDDEN, '') === '' ? part : REDACTED))
      .join('');
    from = e;
  }
  return out + text.slice(from);
}
