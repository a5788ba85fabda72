import { BUILTIN_SECRET_PATTERNS, REDACTED } from '../hooks/redact.js';

/**
 * A redactor for export text: the built-in secret patterns plus aiops.yaml `redact:` ones,
 * compiled once. Hook output was redacted when it was captured; this second pass also covers
 * notes, reasons and argv, and logs written with fewer patterns.
 */
export function makeRedactor(extra: readonly string[] = []): (text: string) => string {
  const patterns = [...BUILTIN_SECRET_PATTERNS];
  for (const p of extra) {
    try {
      patterns.push(new RegExp(p, 'g'));
    } catch {
      // an invalid pattern is reported when aiops.yaml is loaded
    }
  }
  // One case-insensitive scan for anything any pattern could match; most text has nothing to redact.
  const maybe = new RegExp(patterns.map((re) => `(?:${prefilterSource(re.source)})`).join('|'), 'i');
  return (text) => {
    if (!maybe.test(text)) return text;
    let out = text;
    for (const re of patterns) out = out.replace(re, REDACTED);
    return out;
  };
}

/**
 * `(?<=X)Y` matches somewhere exactly when `XY` does, and the plain form is far cheaper to scan
 * for (a leading lookbehind is tried at every position). Only a leading lookbehind is rewritten.
 */
export function prefilterSource(source: string): string {
  if (!source.startsWith('(?<=')) return source;
  const end = closingParen(source, 0);
  if (end < 0) return source;
  return `(?:${source.slice(4, end)})${source.slice(end + 1)}`;
}

/** Index of the `)` closing the group that opens at `open`, skipping escapes and character classes; -1 if none. */
function closingParen(source: string, open: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}
