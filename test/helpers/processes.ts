import { existsSync, readFileSync } from 'node:fs';
import { patience } from './patience.js';

/**
 * A process id from `text`, or NaN. 0, 1 and negatives are not ids a test may signal: `kill(0)` and
 * `kill(-0)` reach the test runner's own process group (under CI, the whole run: exit 137), and 1 is init.
 */
export function pidOf(text: string): number {
  const t = text.trim();
  return /^\d+$/.test(t) && Number(t) > 1 ? Number(t) : NaN;
}

/** The pid in `file`, or NaN while there is none (not written yet: `echo $$ > f` creates f before it writes). */
export function pidIn(file: string): number {
  return existsSync(file) ? pidOf(readFileSync(file, 'utf8')) : NaN;
}

/** Waits until `file` holds a pid and returns it. */
export async function pidFrom(file: string, ms = 15_000): Promise<number> {
  let pid = NaN;
  await until(() => `a pid in ${file}`, () => !Number.isNaN((pid = pidIn(file))), ms, 20);
  return pid;
}

/** Each pid in `file`, one a line; a line that is not one (cut short by a kill) fails the test. */
export function pidsIn(file: string): number[] {
  return readFileSync(file, 'utf8').trim().split('\n').map((line) => {
    const pid = pidOf(line);
    if (Number.isNaN(pid)) throw new Error(`${file}: ${JSON.stringify(line)} is not a process id`);
    return pid;
  });
}

/**
 * Ends leftover processes with SIGKILL (`group`: each pid's process group), ignoring those already
 * gone. Only real pids are signalled (see pidOf), so a pid file read too early cannot end the run.
 */
export function killLeftovers(pids: number[], opts: { group?: boolean } = {}): void {
  for (const pid of pids.splice(0)) {
    if (!Number.isInteger(pid) || pid <= 1) continue;
    try {
      process.kill(opts.group ? -pid : pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Gone, or a zombie nobody reaped yet (a container's pid 1 may not reap). */
export function gone(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 1) throw new Error(`gone(${pid}): not a process id a test started`);
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
