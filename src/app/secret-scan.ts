import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { EventLog } from '../store/types.js';

/** What a scan found: every secret secretlint's preset finds in an incident's texts, and the last seq it read. */
export interface SecretScan {
  finds: string[];
  /** The incident's events up to this seq were scanned (0: none). */
  throughSeq: number;
}

/** Events read per page by the scan, so a long incident is never held whole. */
const SCAN_PAGE = 500;

/**
 * Scans the incident's events after `afterSeq` with secretlint's preset: every string in every
 * payload (a note, a reason, an alert's labels, hook output).
 */
export async function scanIncident(log: EventLog, id: string, afterSeq = 0): Promise<SecretScan> {
  const { presetFinder } = await import('../hooks/redact-preset.js');
  const finder = presetFinder();
  let throughSeq = afterSeq;
  for (;;) {
    const page = await log.readIncident(id, { afterSeq: throughSeq, limit: SCAN_PAGE });
    for (const e of page) await finder.add(e.payload);
    if (page.length > 0) throughSeq = page.at(-1)!.seq;
    if (page.length < SCAN_PAGE) break;
  }
  return { finds: await finder.finds(), throughSeq };
}

/** The worker's script beside this module; absent when this runs from the TypeScript sources (tests). */
const WORKER_SCRIPT = new URL('./secret-scan-worker.js', import.meta.url);

let worker: Worker | undefined;
let asked = 0;
const waiting = new Map<number, (scan: SecretScan) => void>();

/** Ends every scan still waiting on a worker that failed: as "nothing scanned", so the caller scans itself. */
function dropWorker(failed: Worker): void {
  if (worker !== failed) return;
  worker = undefined;
  for (const settle of waiting.values()) settle({ finds: [], throughSeq: 0 });
  waiting.clear();
}

async function scanWorker(): Promise<Worker | undefined> {
  if (worker) return worker;
  if (!existsSync(fileURLToPath(WORKER_SCRIPT))) return undefined;
  const { Worker } = await import('node:worker_threads');
  const w = new Worker(WORKER_SCRIPT);
  w.on('message', (m: { ask: number } & SecretScan) => {
    waiting.get(m.ask)?.({ finds: m.finds, throughSeq: m.throughSeq });
    waiting.delete(m.ask);
    if (waiting.size === 0) w.unref();
  });
  w.on('error', () => dropWorker(w));
  w.on('exit', () => dropWorker(w));
  worker = w;
  return w;
}

/**
 * Starts scanning the incident on a worker thread (one per process, kept for later scans), so the
 * scan runs on another core while the caller renders. Never rejects: when there is no worker
 * script or the worker fails, it resolves with nothing scanned (`throughSeq: 0`), and the caller
 * scans what is left itself with `scanIncident`, which reports any real problem with the log.
 */
export async function scanInBackground(location: string, id: string): Promise<SecretScan> {
  const w = await scanWorker().catch(() => undefined);
  if (!w) return { finds: [], throughSeq: 0 };
  const ask = ++asked;
  w.ref();
  return new Promise((resolve) => {
    waiting.set(ask, resolve);
    w.postMessage({ ask, location, id });
  });
}
