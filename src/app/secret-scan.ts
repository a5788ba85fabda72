import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { presetFinder } from '../hooks/redact-preset.js';
import { textBatches } from '../hooks/text-batches.js';

/**
 * A scan of many texts with secretlint's preset, fed while they are read. `add` takes every string
 * of a value (an event's payload) at once and never waits; `finds` returns every secret found in
 * all that was added so far, or null when the scan could not be made (its worker failed): the
 * caller then scans with `presetScanner` instead.
 */
export interface SecretScanner {
  add(value: unknown): void;
  finds(): Promise<string[] | null>;
  /** Lets the scanner's worker go once nothing is asked of it. */
  close(): void;
}

/** A scanner on this thread: the distinct texts wait, in batches, until `finds` scans them. */
export function presetScanner(): SecretScanner {
  const finder = presetFinder();
  return { add: finder.add, finds: finder.finds, close: () => undefined };
}

/** The worker's script beside this module; absent when this runs from the TypeScript sources (tests). */
const WORKER_SCRIPT = new URL('./secret-scan-worker.js', import.meta.url);

/** One worker per script and process, kept for later scans; it loads secretlint as soon as it starts. */
const workers = new Map<string, Worker>();
let scans = 0;
/** Answers awaited from the workers, by scan and request. */
const waiting = new Map<string, { worker: Worker; settle(finds: string[] | null): void }>();

/** Ends every request still waiting on a worker that failed: as "not scanned", so the caller scans itself. */
function dropWorker(script: string, failed: Worker): void {
  if (workers.get(script) !== failed) return;
  workers.delete(script);
  for (const [key, w] of waiting) {
    if (w.worker !== failed) continue;
    waiting.delete(key);
    w.settle(null);
  }
}

function scanWorker(Worker: typeof import('node:worker_threads').Worker, script: URL): Worker | undefined {
  const known = workers.get(script.href);
  if (known) return known;
  if (!existsSync(fileURLToPath(script))) return undefined;
  let w: Worker;
  try {
    w = new Worker(script);
  } catch {
    return undefined;
  }
  w.on('message', (m: { scan: number; request: number; finds: string[] | null }) => {
    const key = `${m.scan}:${m.request}`;
    waiting.get(key)?.settle(m.finds);
    waiting.delete(key);
    if (![...waiting.values()].some((x) => x.worker === w)) w.unref();
  });
  w.on('error', () => dropWorker(script.href, w));
  w.on('exit', () => dropWorker(script.href, w));
  w.unref();
  workers.set(script.href, w);
  return w;
}

/**
 * A scanner whose texts go to a worker thread in batches as they are added, so secretlint loads
 * and scans on another core while the caller reads and renders; on this thread when there is no
 * worker script. `Worker` is passed in (`(await import('node:worker_threads')).Worker`), so
 * building a scanner never waits. `script` is the worker's (tests give their own).
 */
export function secretScanner(Worker: typeof import('node:worker_threads').Worker | undefined, script = WORKER_SCRIPT): SecretScanner {
  const w = Worker ? scanWorker(Worker, script) : undefined;
  if (!w) return presetScanner();
  const scan = ++scans;
  let requests = 0;
  let failed = false;
  const post = (message: object) => {
    try {
      w.postMessage({ scan, ...message });
    } catch {
      failed = true;
    }
  };
  const texts = textBatches((text) => post({ text }));
  return {
    add: texts.add,
    finds() {
      texts.end();
      if (failed || workers.get(script.href) !== w) return Promise.resolve(null);
      const request = ++requests;
      w.ref();
      return new Promise((settle) => {
        waiting.set(`${scan}:${request}`, { worker: w, settle });
        post({ request });
      });
    },
    close: () => post({ close: true }),
  };
}
