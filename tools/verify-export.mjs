#!/usr/bin/env node
// Re-checks an `aiops evidence export` file without aiops: Node's standard library only (`aiops evidence verify-export` imports it).
// Usage: node tools/verify-export.mjs FILE|-   exit 0: intact ("ok", then the links it could not check when an incident's
// events link to other incidents' events outside the file), 1: tampered, or not an export this verifier reads, 2: no file or unreadable.
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
const FORMAT = 1, GENESIS = '0'.repeat(64), SHOWN = 10;
// RFC 8785 (JCS) for the values an export holds: keys sorted by UTF-16 code unit, ES number/string forms.
const jcs = (v) => Array.isArray(v) ? `[${v.map(jcs).join(',')}]`
  : v !== null && typeof v === 'object' ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${jcs(v[k])}`).join(',')}}`
  : JSON.stringify(v);
// Text from the file is shown on a terminal: controls, C1, bidi and invisible characters become \u escapes.
// eslint-disable-next-line no-control-regex
const safe = (v) => String(v).replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const HEADER = ['aiops_evidence_export', 'incident', 'events', 'head', 'algorithm'], EVENT = ['seq', 'incident_id', 'ts', 'actor', 'role', 'type', 'payload', 'prev_hash', 'hash', 'login'];
/** The first key repeated within one object of the JSON text `line` (JSON.parse keeps its last value; a grep, or another parser, the first), or null. */
function repeatedKey(line) {
  const open = []; // per open object (or array), the keys seen in it
  for (const [t, key] of line.matchAll(/("(?:[^"\\]|\\.)*")\s*:|"(?:[^"\\]|\\.)*"|[{}[\]]/g)) {
    const k = key && JSON.parse(key), seen = open.at(-1);
    if (t === '{' || t === '[') open.push(new Set()); else if (t === '}' || t === ']') open.pop(); else if (key && seen.has(k)) return k; else if (key) seen.add(k);
  }
  return null;
}
// What differs (or null) between `line` and the very text aiops writes for its value: JSON.stringify of `fields` in order, login only when
// set. A repeated key, another field, order, spacing or escape is text the hash does not cover: a reader could see content never vouched for.
function notAsWritten(line, v, fields) {
  if (fields.every((k) => k === 'login' || k in v) && line === JSON.stringify(Object.fromEntries(fields.filter((k) => k !== 'login' || v.login != null).map((k) => [k, v[k]])))) return null;
  const repeated = repeatedKey(line), other = Object.keys(v).find((k) => !fields.includes(k));
  return repeated !== null ? `repeated key ${safe(JSON.stringify(repeated))} (one reader takes its first value, another its last)`
    : other !== undefined ? `field ${safe(JSON.stringify(other))} is not part of ${fields === EVENT ? 'an event' : 'the header'}`
    : line.endsWith('\r') ? 'ends in a carriage return (its line ends were converted to CRLF; aiops writes LF)'
    : 'not the text aiops writes for it (a field missing or moved, or spacing, escapes or number forms changed)';
}
/** The header and events of `text`, or why it is not an export this verifier reads, or not as aiops wrote it (naming the line). */
function parse(text) {
  const lines = text.trimEnd().split('\n'), rows = [];
  if (lines[0] === '') return { verdict: 'invalid', problem: 'empty file: no header line, so not an aiops evidence export' };
  for (const [i, l] of lines.entries()) {
    try { rows.push(JSON.parse(l)); } catch (err) { return { verdict: 'invalid', problem: `line ${i + 1}: not JSON (${safe(err.message)}): a cut-off or edited export, or not one at all` }; }
    if (i > 0 && !(isObject(rows[i]) && Number.isSafeInteger(rows[i].seq) && rows[i].seq >= 1)) return { verdict: 'invalid', problem: `line ${i + 1}: not an event (no "seq" of 1 or more)` };
  }
  const [header, ...events] = rows;
  if (!isObject(header) || !('aiops_evidence_export' in header)) return { verdict: 'invalid', problem: 'line 1: not an aiops evidence export header (no "aiops_evidence_export")' };
  if (header.aiops_evidence_export !== FORMAT) return { verdict: 'unsupported', problem: `export format ${safe(JSON.stringify(header.aiops_evidence_export))}; this verifier reads format ${FORMAT} only (use the tools/verify-export.mjs of the aiops that wrote the file)` };
  if (header.incident !== null && typeof header.incident !== 'string') return { verdict: 'invalid', problem: 'line 1: "incident" is neither null (a whole-log export) nor an incident id' };
  for (const [i, l] of lines.entries()) {
    const unlike = notAsWritten(l, rows[i], i ? EVENT : HEADER);
    if (unlike) return { verdict: 'tampered', problem: `line ${i + 1} (${i ? `seq ${rows[i].seq}` : 'header'}): ${unlike}` };
  }
  return { header, events };
}
export function verifyExportText(text) {
  const { header, events, verdict, problem } = parse(text);
  if (problem) return { ok: false, verdict, line: `${verdict.toUpperCase()}: ${problem}` };
  const whole = header.incident === null; // a whole-log export must be gap-free from seq 1
  let prev = null, bad = null;
  const unchecked = []; // seqs whose seq-1 is not in the file (another incident's event, or removed): their prev_hash links to nothing here
  for (const e of events) {
    const { prev_hash, hash, seq, incident_id, ts, actor, role, type, payload, login } = e; // login: a PostgreSQL row's, hashed too
    const recomputed = createHash('sha256').update(prev_hash + jcs(login == null ? { seq, incident_id, ts, actor, role, type, payload } : { seq, incident_id, ts, actor, role, type, payload, login })).digest('hex');
    if (prev && seq <= prev.seq) bad = `seq ${seq}: out of order (after seq ${prev.seq})`;
    else if (whole && seq !== (prev ? prev.seq + 1 : 1)) bad = `seq ${prev ? prev.seq + 1 : 1}: missing or moved (found seq ${seq} in its place)`;
    else if (!whole && incident_id !== header.incident) bad = `seq ${seq}: of incident ${safe(incident_id)}, in an export of ${safe(header.incident)}`;
    else if (recomputed !== hash) bad = `seq ${seq}: hash mismatch (content edited)`;
    else if (seq === 1 && prev_hash !== GENESIS) bad = 'seq 1: prev_hash is not the genesis hash';
    else if (seq > 1 && prev?.seq !== seq - 1) unchecked.push(seq);
    else if (seq > 1 && prev.hash !== prev_hash) bad = `seq ${seq}: prev_hash does not link to seq ${prev.seq}`;
    if (bad) break; else prev = e;
  }
  if (!bad && header.events !== events.length) bad = `header says ${safe(header.events)} events, file has ${events.length}`;
  if (!bad && header.head !== (prev?.hash ?? null)) bad = `header head ${safe(header.head)} is not the last hash (truncated?)`;
  const n = events.length, u = unchecked.length, report = { incident: header.incident, events: n, head: prev?.hash ?? null, linksChecked: n - u, linksUnchecked: unchecked };
  if (bad) return { ok: false, verdict: 'tampered', line: `TAMPERED: ${bad}`, ...report };
  const first = `ok: ${n} events, head ${prev?.hash ?? 'none'}`;
  if (whole || u === 0) return { ok: true, verdict: 'ok', line: first, ...report };
  const id = safe(header.incident), seqs = unchecked.slice(0, SHOWN).join(', ') + (u > SHOWN ? ` and ${u - SHOWN} more` : '');
  return { ok: true, verdict: 'partial', line: `${first}\nnot checked: ${u} of ${n} links, the seq before each is not in this file (another incident's event, or removed): seq ${seqs}\n`
    + `A per-incident export cannot prove none of its events was removed: check the log (aiops evidence verify ${id}), or a whole-log export against a kept head.`, ...report };
}
const run = process.argv[1] && realpathSync(process.argv[1]) === import.meta.filename; // a program, not an import
if (run) {
  const file = process.argv[2];
  let text = null;
  if (file === undefined || process.argv.length > 3) console.error('usage: node verify-export.mjs FILE   (a file written by `aiops evidence export`; - reads stdin)');
  else try { text = readFileSync(file === '-' ? 0 : file, 'utf8'); } catch (err) { console.error(`verify-export: cannot read ${safe(file)}: ${safe(err.message)}`); }
  if (text === null) process.exitCode = 2;
  else { const { ok, line } = verifyExportText(text); console.log(line); process.exitCode = ok ? 0 : 1; }
}
