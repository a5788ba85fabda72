import { closeSync, createReadStream, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { UserError } from '../core/errors.js';
import type { StoredEvent } from '../core/events.js';
import { type EventLog, openEventLog } from '../store/index.js';
import { checkOutputTarget, logFiles } from './safe-output.js';
import { writeAll, writeFileAtomic } from './write-file.js';
import { EXPORT_ALGORITHM, type ExportHeader } from './evidence.js';

// Each page's rows, events and lines are garbage by the next: V8 lets the heap grow to a few times
// what one page holds, so the page sets the peak (1.2M events: 10,000 a page peaked at 238 MB,
// 2,500 at 129 MB, and took less CPU).
const PAGE = 2_500;
const COPY_CHUNK = 1 << 20;

/** One event as a line; a row written on PostgreSQL carries the login its hash covers. */
function toLine(e: StoredEvent): string {
  return JSON.stringify({
    seq: e.seq,
    incident_id: e.incidentId,
    ts: e.ts,
    actor: e.actor,
    role: e.role,
    type: e.type,
    payload: e.payload,
    prev_hash: e.prevHash,
    hash: e.hash,
    ...(e.login !== undefined && e.login !== null ? { login: e.login } : {}),
  });
}

/**
 * Writes the export's event lines to `bodyFd` a page at a time (memory stays one page whatever
 * the log holds) and returns the header they make. The whole log is cut at the head it had when
 * the export began, so the header's head is the hash of the last line written.
 */
async function writeBody(log: EventLog, bodyFd: number, incidentId: string | undefined): Promise<EvidenceExport> {
  const end = incidentId ? Number.MAX_SAFE_INTEGER : ((await log.head())?.seq ?? 0);
  let count = 0;
  let head: string | null = null;
  const notJson: number[] = [];
  for (let after = 0; after < end; ) {
    const page = incidentId ? await log.readIncident(incidentId, { afterSeq: after, limit: PAGE }) : await log.readSince(after, Math.min(PAGE, end - after));
    if (page.length === 0) break;
    for (const e of page) if (typeof e.payload === 'string') notJson.push(e.seq);
    writeAll(bodyFd, page.map((e) => `${toLine(e)}\n`).join(''));
    count += page.length;
    head = page.at(-1)!.hash;
    after = page.at(-1)!.seq;
    if (page.length < PAGE && incidentId) break;
  }
  return { header: { aiops_evidence_export: 1, incident: incidentId ?? null, events: count, head, algorithm: EXPORT_ALGORITHM }, notJson };
}

/**
 * What an export wrote: its header, and the seqs whose stored payload is not JSON. Those lines
 * carry the stored text as a JSON string (aiops never writes a payload that is not an object),
 * so the bytes are there for the auditor and the line's hash, computed over an object, fails
 * at that seq in any verifier, as `evidence verify` fails there.
 */
export interface EvidenceExport {
  header: ExportHeader;
  notJson: number[];
}

/**
 * `aiops evidence export`: JSON Lines, a header stating the algorithm, then every event (of the log
 * or of one incident). The lines go through a temp file, so memory stays constant and the header,
 * which counts them, still comes first. With `output` the file is written whole or not at all;
 * else the lines stream to `stdout`.
 */
export async function exportEvidenceTo(dbPath: string, incidentId: string | undefined, to: { cwd: string; output?: string; force?: boolean; stdout: NodeJS.WritableStream }): Promise<EvidenceExport> {
  const target = to.output ? resolve(to.cwd, to.output) : null;
  const rules = { force: to.force, protect: logFiles(dbPath) };
  if (target) checkOutputTarget(target, to.output!, rules);
  const log = await openEventLog(dbPath, { readonly: true });
  // The body goes to a private scratch directory, never to a predictable name beside the target;
  // made once the log is open, so a log that cannot be opened leaves nothing behind.
  let scratch: string;
  try {
    scratch = mkdtempSync(join(tmpdir(), 'aiops-export-'));
  } catch (err) {
    await log.close();
    throw err;
  }
  const bodyPath = join(scratch, 'body.jsonl');
  try {
    const bodyFd = openSync(bodyPath, 'w', 0o600);
    let written: EvidenceExport;
    try {
      written = await writeBody(log, bodyFd, incidentId);
    } finally {
      closeSync(bodyFd);
    }
    const { header } = written;
    if (incidentId && header.events === 0) throw new UserError(`incident ${incidentId} not found in ${dbPath}`);
    const first = `${JSON.stringify(header)}\n`;
    if (target) {
      writeFileAtomic(to.cwd, to.output!, (put) => {
        put(first);
        copyFile(bodyPath, put);
      }, rules);
    } else {
      to.stdout.write(first);
      await pipeline(createReadStream(bodyPath), to.stdout, { end: false });
    }
    return written;
  } finally {
    await log.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Puts the file at `path` through `put`, a chunk at a time. */
function copyFile(path: string, put: (part: Uint8Array) => void): void {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(COPY_CHUNK);
    for (let n; (n = readSync(fd, buf, 0, COPY_CHUNK, null)) > 0; ) put(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
}
