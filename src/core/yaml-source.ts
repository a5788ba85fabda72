import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Document,
  type Node,
} from 'yaml';
import type { Where } from './errors.js';

/** One thing wrong with an input file, located as FILE:LINE:COL where a line exists. */
export interface Problem {
  file: string;
  line?: number;
  col?: number;
  message: string;
}

export type PathKey = string | number;

/** A parsed YAML file that can say where any path in it came from. */
export interface YamlSource {
  file: string;
  value: unknown;
  locate(path: PathKey[], opts?: { key?: boolean }): Where;
  problem(path: PathKey[], message: string, opts?: { key?: boolean }): Problem;
}

/** Files larger than this are refused before parsing. */
export const MAX_YAML_BYTES = 1024 * 1024;
/** A document whose aliases would expand to more nodes than this is refused unexpanded. */
export const MAX_EXPANDED_NODES = 100_000;

export function formatProblem(p: Problem): string {
  if (p.line === undefined) return `${p.file}: ${p.message}`;
  return `${p.file}:${p.line}:${p.col ?? 1}: ${p.message}`;
}

/** By file, then line and column; a problem without a line (the whole file) first in its file. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.file < b.p.file ? -1 : a.p.file > b.p.file ? 1 : 0) || (a.p.line ?? 0) - (b.p.line ?? 0) || (a.p.col ?? 0) - (b.p.col ?? 0) || a.i - b.i)
    .map(({ p }) => p);
}

/** Line and column (1-based) of a character offset in `text`. */
export function positionOf(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: offset - lineStart + 1 };
}

/**
 * Parses YAML text, refusing oversized input, control characters and alias bombs before they
 * are expanded. Returns every syntax problem rather than the first.
 */
export function parseYamlSource(file: string, text: string): { source?: YamlSource; problems: Problem[] } {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_YAML_BYTES) {
    return { problems: [{ file, message: `file is ${bytes} bytes; aiops reads YAML files up to ${MAX_YAML_BYTES} bytes` }] };
  }
  const control = firstControlCharacter(text);
  if (control !== undefined) {
    const hex = text.charCodeAt(control).toString(16).padStart(2, '0');
    const what = hex === '00' ? 'a NUL byte (binary file, or UTF-16 without a byte order mark?)' : `control character U+00${hex.toUpperCase()}`;
    return { problems: [{ file, ...positionOf(text, control), message: `not a text file: ${what}` }] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const at = (offset: number) => lineCounter.linePos(offset);
  const problems: Problem[] = [];
  for (const e of [...doc.errors, ...doc.warnings]) {
    const pos = at(e.pos[0]);
    problems.push({ file, line: pos.line, col: pos.col, message: describeYamlError(e.code, e.message, text, e.pos) });
  }
  if (problems.length > 0) return { problems };
  const aliasProblem = checkAliases(doc);
  if (aliasProblem) {
    const pos = at(aliasProblem.offset);
    return { problems: [{ file, line: pos.line, col: pos.col, message: aliasProblem.message }] };
  }
  const surrogate = firstLoneSurrogate(doc);
  if (surrogate !== undefined) {
    const pos = at(surrogate);
    return { problems: [{ file, line: pos.line, col: pos.col, message: 'a lone surrogate (an escape like "\\ud800" without its pair) is not text: write the character itself, or both halves of the pair' }] };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: -1 });
  } catch (err) {
    return { problems: [{ file, line: 1, col: 1, message: `YAML could not be read: ${(err as Error).message}` }] };
  }
  return { source: makeSource(file, doc, value, lineCounter), problems: [] };
}

function makeSource(file: string, doc: Document, value: unknown, lc: LineCounter): YamlSource {
  const locate = (path: PathKey[], opts: { key?: boolean } = {}): Where => {
    const offset = rangeOf(doc, path, opts.key ?? false);
    if (offset === undefined) return { file };
    const pos = lc.linePos(offset);
    return { file, line: pos.line, col: pos.col };
  };
  return {
    file,
    value,
    locate,
    problem: (path, message, opts) => ({ ...locate(path, opts), file, message }),
  };
}

/** Offset of the deepest existing node along `path` (the key itself when `key` is set). */
function rangeOf(doc: Document, path: PathKey[], key: boolean): number | undefined {
  let node: unknown = doc.contents;
  let best: number | undefined = (doc.contents as Node | null)?.range?.[0];
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && String(isScalar(p.key) ? p.key.value : p.key) === String(seg));
      if (!pair) return best;
      const keyRange = (pair.key as Node | null)?.range?.[0];
      if (key && i === path.length - 1) return keyRange ?? best;
      node = pair.value;
      best = (node as Node | null)?.range?.[0] ?? keyRange ?? best;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      if (!node) return best;
      best = (node as Node).range?.[0] ?? best;
    } else {
      return best;
    }
  }
  return best;
}

/**
 * Finds aliases to undefined anchors, aliases inside their own anchor, and documents whose
 * aliases would expand past MAX_EXPANDED_NODES — counted on the unexpanded tree, memoized per node.
 */
function checkAliases(doc: Document): { offset: number; message: string } | undefined {
  const aliases: { offset: number; source: string; target: Node | undefined }[] = [];
  visit(doc, {
    Alias(_, alias) {
      aliases.push({ offset: alias.range?.[0] ?? 0, source: alias.source, target: alias.resolve(doc) as Node | undefined });
    },
  });
  if (aliases.length === 0) return undefined;
  for (const a of aliases) {
    if (!a.target) return { offset: a.offset, message: `alias *${a.source} refers to no anchor &${a.source} defined before it` };
  }
  const sizes = new Map<unknown, number>();
  const inProgress = new Set<unknown>();
  let selfReference: number | undefined;
  const size = (node: unknown): number => {
    if (node === null || node === undefined) return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (inProgress.has(node)) return MAX_EXPANDED_NODES + 1;
    inProgress.add(node);
    let n = 1;
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (inProgress.has(target)) selfReference ??= node.range?.[0] ?? 0;
      n = size(target);
    }
    else if (isMap(node)) for (const p of node.items) n += size(p.key) + size(p.value);
    else if (isSeq(node)) for (const item of node.items) n += size(item);
    n = Math.min(n, MAX_EXPANDED_NODES + 1);
    inProgress.delete(node);
    sizes.set(node, n);
    return n;
  };
  const total = size(doc.contents);
  if (selfReference !== undefined) {
    return { offset: selfReference, message: 'an anchor contains an alias to itself; refusing to expand an infinite document' };
  }
  if (total > MAX_EXPANDED_NODES) {
    return {
      offset: aliases[0]!.offset,
      message: `YAML aliases would expand this file to more than ${MAX_EXPANDED_NODES} nodes; refusing to expand it (alias bomb)`,
    };
  }
  return undefined;
}

/** Offset of the first string (key or value) holding half a surrogate pair, which no JSON, hash or terminal can carry. */
function firstLoneSurrogate(doc: Document): number | undefined {
  let found: number | undefined;
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && LONE_SURROGATE.test(node.value)) {
        found = node.range?.[0] ?? 0;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** In a `u` regex a well-formed pair is one code point, so only an unpaired half matches. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function firstControlCharacter(text: string): number | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return i;
  }
  return undefined;
}

function describeYamlError(code: string, message: string, text: string, pos: [number, number]): string {
  if (code === 'DUPLICATE_KEY') {
    const key = /^(?:"[^"\n]*"|'[^'\n]*'|[^:\n]*)/.exec(text.slice(pos[0]))![0].trim();
    return `duplicate key ${key.startsWith('"') || key.startsWith("'") ? key : JSON.stringify(key)}: each key may appear once in a mapping`;
  }
  if (code === 'TAB_AS_INDENT') return 'a tab character indents this line; YAML indents with spaces only (replace the tab with spaces)';
  if (code === 'BLOCK_AS_IMPLICIT_KEY') {
    const lineEnd = text.indexOf('\n', pos[0]);
    const value = text.slice(pos[0], lineEnd < 0 ? undefined : lineEnd).replace(/\s+#.*$/, '').trim();
    return `this value holds ": ", which YAML reads as a nested mapping; quote the whole value: ${JSON.stringify(value)}`;
  }
  if (code === 'MULTIPLE_DOCS') return 'a second YAML document (---) in one file; aiops reads one document per file';
  if (code === 'TAG_RESOLVE_FAILED') return `${message.split('\n')[0]}; aiops files use plain YAML without custom tags`;
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
