/**
 * The secret scan's worker thread (see secretScanner in secret-scan.ts). It loads secretlint as soon
 * as it starts, while the asker reads the log. Per scan, batches of texts arrive as they are read
 * (`text`) and are scanned in order; a `request` is answered with every secret found in that scan
 * so far; `close` forgets the scan. A scan whose batch failed answers null: "not scanned", so the
 * asker scans itself and reports any real problem in its words.
 */
import { parentPort } from 'node:worker_threads';
import { preloadPreset, secretsInBatch } from '../hooks/redact-preset.js';

interface Scan {
  found: Set<string> | null;
  /** The batches so far, scanned one after the other. */
  done: Promise<void>;
}

const scans = new Map<number, Scan>();
const loaded = preloadPreset().catch(() => undefined);

parentPort!.on('message', (m: { scan: number; text?: string; request?: number; close?: boolean }) => {
  if (m.close) {
    scans.delete(m.scan);
    return;
  }
  let s = scans.get(m.scan);
  if (!s) scans.set(m.scan, (s = { found: new Set(), done: loaded }));
  const scan = s;
  if (m.text !== undefined) {
    const text = m.text;
    scan.done = scan.done.then(async () => {
      if (!scan.found) return;
      try {
        for (const secret of await secretsInBatch(text)) scan.found.add(secret);
      } catch {
        scan.found = null;
      }
    });
  }
  if (m.request !== undefined) {
    const request = m.request;
    scan.done = scan.done.then(() => parentPort!.postMessage({ scan: m.scan, request, finds: scan.found ? [...scan.found] : null }));
  }
});
