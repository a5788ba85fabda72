/**
 * The secret scan's worker thread (see scanInBackground in secret-scan.ts): for each request, opens
 * the log read-only, scans the incident and answers with what it found. A request that fails is
 * answered as "nothing scanned", so the asker scans itself and reports the problem in its words.
 */
import { parentPort } from 'node:worker_threads';
import { openEventLog } from '../store/index.js';
import { scanIncident } from './secret-scan.js';

parentPort!.on('message', async ({ ask, location, id }: { ask: number; location: string; id: string }) => {
  try {
    const log = await openEventLog(location, { readonly: true });
    try {
      parentPort!.postMessage({ ask, ...(await scanIncident(log, id)) });
    } finally {
      await log.close();
    }
  } catch {
    parentPort!.postMessage({ ask, finds: [], throughSeq: 0 });
  }
});
