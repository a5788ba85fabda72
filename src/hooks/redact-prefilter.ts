/** Cheap scans that tell whether any secret pattern could match, so most text skips redaction. */

/**
 * `(?<=X)Y` matches somewhere exactly when `XY` does, and the plain form is far cheaper to scan
 * for (a leading lookbehind is tried at every position). Only a leading lookbehind is rewritten.
 * The prefilter only has to match whenever the pattern could, so leading character classes of X
 * are dropped too when X is a plain sequence and a literal follows them: `[a-z][a-z0-9+.-]*:\/\/`
 * becomes `:\/\/`, which is scanned for by its first character instead of trying a run of
 * letters at every position of every word.
 */
export function prefilterSource(source: string): string {
  if (!source.startsWith('(?<=')) return source;
  const end = closingParen(source, 0);
  if (end < 0) return source;
  return `(?:${dropLeadingClasses(source.slice(4, end))})${source.slice(end + 1)}`;
}

/** Leading `[...]` classes (with a quantifier, if any) of a sequence without top-level `|`, when a literal follows them. */
function dropLeadingClasses(x: string): string {
  if (hasTopLevelAlternation(x)) return x;
  let i = 0;
  while (x[i] === '[') {
    const close = classEnd(x, i);
    if (close < 0) return x;
    i = quantifierEnd(x, close + 1);
    if (i < 0) return x;
  }
  if (i === 0 || i >= x.length) return x;
  const next = x[i]!;
  // An escaped punctuation mark (`\/`, `\.`) is a literal; `\d`, `\s`, `\b` and the like are not.
  const literal = next === '\\' ? /^[^A-Za-z0-9]$/.test(x[i + 1] ?? 'a') : !'[(^$.|?*+{)'.includes(next);
  return literal ? x.slice(i) : x;
}

function classEnd(x: string, open: number): number {
  for (let i = open + 1; i < x.length; i++) {
    if (x[i] === '\\') i++;
    else if (x[i] === ']' && i > open + 1) return i;
  }
  return -1;
}

/** Index after an optional quantifier starting at `i` (`*`, `+`, `?`, `{m,n}`, each maybe lazy); -1 if malformed. */
function quantifierEnd(x: string, i: number): number {
  let j = i;
  if (x[j] === '*' || x[j] === '+' || x[j] === '?') j++;
  else if (x[j] === '{') {
    const close = x.indexOf('}', j);
    if (close < 0 || !/^\{\d+(,\d*)?\}$/.test(x.slice(j, close + 1))) return -1;
    j = close + 1;
  }
  if (j > i && x[j] === '?') j++;
  return j;
}

/**
 * Walks a regex source from `from`, skipping escapes and character classes, calling `visit` with
 * each structural character and the group depth after it; stops at the first index `visit` accepts.
 */
function scanRegex(source: string, from: number, visit: (c: string, depth: number) => boolean): number {
  let depth = 0;
  let inClass = false;
  for (let i = from; i < source.length; i++) {
    const c = source[i]!;
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
    else if (c === ')') depth--;
    if (visit(c, depth)) return i;
  }
  return -1;
}

function hasTopLevelAlternation(x: string): boolean {
  return scanRegex(x, 0, (c, depth) => c === '|' && depth === 0) >= 0;
}

/** Index of the `)` closing the group that opens at `open`, skipping escapes and character classes; -1 if none. */
function closingParen(source: string, open: number): number {
  return scanRegex(source, open, (c, depth) => c === ')' && depth === 0);
}

/**
 * A quick test for anything any pattern could match (most text has nothing to redact): one scan
 * for the case-sensitive patterns, one for the case-insensitive ones, which together cost less
 * than scanning for everything case-insensitively. With `orClass` (a character class's source) it
 * is true also for a text holding a character of that class.
 */
export function makePrefilter(patterns: readonly RegExp[], orClass?: string): (text: string) => boolean {
  const scan = (folded: boolean) => {
    const some = patterns.filter((re) => re.flags.includes('i') === folded).map((re) => `(?:${prefilterSource(re.source)})`);
    // `orClass` (a character class) rides along with the case-sensitive scan: one scan answers both.
    if (!folded && orClass !== undefined) some.push(orClass);
    return some.length === 0 ? null : new RegExp(some.join('|'), folded ? 'i' : '');
  };
  const exact = scan(false);
  const folded = scan(true);
  return (text) => Boolean(exact?.test(text) || folded?.test(text));
}
