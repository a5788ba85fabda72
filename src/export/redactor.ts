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
  const maybe = new RegExp(patterns.map((re) => `(?:${re.source})`).join('|'), 'i');
  return (text) => {
    if (!maybe.test(text)) return text;
    let out = text;
    for (const re of patterns) out = out.replace(re, REDACTED);
    return out;
  };
}
