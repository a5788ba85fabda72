import type { TimelineEntry } from './export-document.js';
import type { TimelineWriter } from './timeline-writer.js';

/** Stands in for the timeline while the rest of the document is stringified. */
const SLOT = '__aiops_timeline_rows__';
/**
 * The top-level key as JSON.stringify(…, null, 2) prints it. A nested key is indented further
 * and quotes inside a string value are escaped, so nothing else in the text can match.
 */
const SLOT_TEXT = `\n  "timeline": "${SLOT}"`;
const ENTRIES_PER_CHUNK = 256;
/** What JSON.stringify escapes in a string: quote, backslash, control characters, (lone) surrogates. */
// eslint-disable-next-line no-control-regex -- control characters are what this matches
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * The JSON export, exactly as JSON.stringify(doc, null, 2) prints the document, each timeline
 * entry written as it is built. An entry is printed by hand in JSON.stringify's layout (a test
 * holds the two equal): a JSON.stringify call per entry costs twice as much, and keeping 10,000
 * entries for one call at the end costs the garbage collector.
 */
export function jsonWriter(): TimelineWriter {
  const chunks: string[] = [];
  let rows: string[] = [];
  const flush = () => {
    if (rows.length === 0) return;
    // Entries are separated by ",\n": a chunk after the first starts with the separator.
    if (chunks.length > 0) rows.unshift('');
    chunks.push(rows.join(',\n'));
    rows = [];
  };
  return {
    row(e) {
      rows.push(entryJson(e));
      if (rows.length >= ENTRIES_PER_CHUNK) flush();
    },
    finish(doc) {
      flush();
      const frame = JSON.stringify({ ...doc, timeline: SLOT }, null, 2);
      const at = frame.indexOf(SLOT_TEXT);
      if (at < 0) throw new Error('the JSON export lost its timeline slot');
      const rest = frame.slice(at + SLOT_TEXT.length);
      if (chunks.length === 0) return [frame.slice(0, at), '\n  "timeline": []', rest, '\n'];
      return [`${frame.slice(0, at)}\n  "timeline": [\n`, ...chunks, `\n  ]${rest}\n`];
    },
  };
}

const str = (s: string) => (NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`);
const strOrNull = (s: string | null) => (s === null ? 'null' : str(s));

const isText = (v: unknown): v is string => typeof v === 'string';
const isTextOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';

/**
 * Whether an entry, as exportBuilder makes it (its 13 keys, in order), has the types its schema
 * gives: an integer seq, strings and nulls. A tampered payload can put a number where a step id
 * belongs; such an entry is printed by JSON.stringify itself.
 */
function plain(e: TimelineEntry): boolean {
  if (!Number.isSafeInteger(e.seq) || !Array.isArray(e.attachments)) return false;
  if (!(isText(e.at) && isText(e.time) && isText(e.sinceStart) && isText(e.actor) && isText(e.type) && isText(e.kind) && isText(e.text))) return false;
  if (!(isTextOrNull(e.role) && isTextOrNull(e.step) && isTextOrNull(e.reason) && isTextOrNull(e.run))) return false;
  for (const a of e.attachments) if (!isText(a)) return false;
  return true;
}

/** One timeline entry as JSON.stringify(entry, null, 2) prints it at depth 2 of the document. */
function entryJson(e: TimelineEntry): string {
  if (!plain(e)) return `    ${JSON.stringify(e, null, 2).replace(/\n/g, '\n    ')}`;
  const attachments = e.attachments.length === 0 ? '[]' : `[\n${e.attachments.map((a) => `        ${str(a)}`).join(',\n')}\n      ]`;
  return `    {
      "seq": ${JSON.stringify(e.seq)},
      "at": ${str(e.at)},
      "time": ${str(e.time)},
      "sinceStart": ${str(e.sinceStart)},
      "actor": ${str(e.actor)},
      "role": ${strOrNull(e.role)},
      "type": ${str(e.type)},
      "kind": ${str(e.kind)},
      "text": ${str(e.text)},
      "step": ${strOrNull(e.step)},
      "reason": ${strOrNull(e.reason)},
      "run": ${strOrNull(e.run)},
      "attachments": ${attachments}
    }`;
}
