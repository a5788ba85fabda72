import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
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
const MAX_ALIASES = 50;

export function formatProblem(p: Problem): string {
  if (p.line === undefined) return `${p.file}: ${p.message}`;
  return `${p.file}:${p.line}:${p.col ?? 1}: ${p.message}`;
}

/**
 * Parses YAML text, refusing oversized input, binary content and alias bombs before they
 * are expanded. Returns every syntax problem rather than the first.
 */
export function parseYamlSource(file: string, text: string): { source?: YamlSource; problems: Problem[] } {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_YAML_BYTES) {
    return { problems: [{ file, message: `file is ${bytes} bytes; aiops reads YAML files up to ${MAX_YAML_BYTES} bytes` }] };
  }
  const binary = firstBinaryOffset(text);
  if (binary !== undefined) {
    const lc = new LineCounter();
    lc.addNewLine(0);
    for (let i = 0; i < text.length && i < binary; i++) if (text[i] === '\n') lc.addNewLine(i + 1);
    const pos = lc.linePos(binary);
    return {
      problems: [{ file, line: pos.line, col: pos.col, message: 'file is not UTF-8 text (binary or control characters found)' }],
    };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const at = (offset: number) => lineCounter.linePos(offset);
  const problems: Problem[] = [];
  for (const e of doc.errors) {
    const pos = at(e.pos[0]);
    problems.push({ file, line: pos.line, col: pos.col, message: cleanYamlMessage(e.message) });
  }
  if (problems.length > 0) return { problems };
  const aliasCount = countAliases(text);
  if (aliasCount > MAX_ALIASES) {
    return { problems: [{ file, line: 1, col: 1, message: `too many YAML aliases (${aliasCount}); refusing to expand (possible alias bomb)` }] };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    return { problems: [{ file, line: 1, col: 1, message: `YAML could not be expanded: ${(err as Error).message}` }] };
  }
  return { source: makeSource(file, doc, value, lineCounter), problems: [] };
}

function makeSource(file: string, doc: Document, value: unknown, lc: LineCounter): YamlSource {
  const locate = (path: PathKey[], opts: { key?: boolean } = {}): Where => {
    const range = rangeOf(doc, path, opts.key ?? false);
    if (!range) return { file };
    const pos = lc.linePos(range);
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

function countAliases(text: string): number {
  // Cheap upper bound before expansion: alias tokens are `*name` outside quotes.
  const m = text.match(/(^|[\s[{,:-])\*[^\s,\]}]+/g);
  return m ? m.length : 0;
}

function firstBinaryOffset(text: string): number | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d)) return i;
  }
  return undefined;
}

function cleanYamlMessage(msg: string): string {
  return msg.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
