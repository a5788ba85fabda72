#!/usr/bin/env node
// Re-checks an `aiops evidence export` file without aiops: Node's standard library only (`aiops evidence verify-export` imports it).
// Usage: node tools/verify-export.mjs export.jsonl   (exit 0 = intact, 1 = tampered)
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
// RFC 8785 (JCS) for the values an export holds: keys sorted by UTF-16 code unit, ES number/string forms.
const jcs = (v) => Array.isArray(v) ? `[${v.map(jcs).join(',')}]`
  : v !== null && typeof v === 'object' ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${jcs(v[k])}`).join(',')}}`
  : JSON.stringify(v);
export function verifyExportText(text) {
  const [header, ...events] = text.trim().split('\n').map((l) => JSON.parse(l));
  const whole = header.incident === null; // a whole-log export must be gap-free from seq 1
  let prev = null, bad = null;
  for (const e of events) {
    const { prev_hash, hash, seq, incident_id, ts, actor, role, type, payload, login } = e; // login: a PostgreSQL row's, hashed too
    const recomputed = createHash('sha256').update(prev_hash + jcs(login == null ? { seq, incident_id, ts, actor, role, type, payload } : { seq, incident_id, ts, actor, role, type, payload, login })).digest('hex');
    const expected = prev ? prev.seq + 1 : 1;
    if (prev && seq <= prev.seq) bad = `seq ${seq}: out of order (after seq ${prev.seq})`;
    else if (whole && seq !== expected) bad = `seq ${expected}: missing or moved (found seq ${seq} in its place)`;
    else if (recomputed !== hash) bad = `seq ${seq}: hash mismatch (content edited)`;
    else if (seq === 1 && prev_hash !== '0'.repeat(64)) bad = 'seq 1: prev_hash is not the genesis hash';
    else if (prev && prev.seq + 1 === seq && prev.hash !== prev_hash) bad = `seq ${seq}: prev_hash does not link to seq ${prev.seq}`;
    if (bad) break; else prev = e;
  }
  if (!bad && header.events !== events.length) bad = `header says ${header.events} events, file has ${events.length}`;
  if (!bad && header.head !== (prev?.hash ?? null)) bad = `header head ${header.head} is not the last hash (truncated?)`;
  return { ok: !bad, line: bad ? `TAMPERED: ${bad}` : `ok: ${events.length} events, head ${prev?.hash ?? 'none'}` };
}
const run = process.argv[1] && realpathSync(process.argv[1]) === import.meta.filename; // a program, not an import
if (run) { const { ok, line } = verifyExportText(readFileSync(process.argv[2] ?? 0, 'utf8')); console.log(line); process.exitCode = ok ? 0 : 1; }
