import { readFileSync } from 'node:fs';
import { patience } from './patience.js';

/** Gone, or a zombie nobody reaped yet (a container's pid 1 may not reap). */
export function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/**
 * Polls `ok` every `everyMs` until it holds; fails naming `what` (worked out then, so it can show
 * what was seen last) after `ms`, scaled by the machine's load.
 */
export async function until(what: string | (() => string), ok: () => boolean, ms = 15_000, everyMs = 25): Promise<void> {
  const end = Date.now() + patience(ms);
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
