import { setFlagsFromString } from 'node:v8';

/**
 * Whether this invocation may open the incident screen: `incident start|resume` or `drill` (not
 * `--auto`) with a terminal on both stdin and stdout and no `--json`/`--no-tui`. Decided from argv
 * before commander loads; a wrong guess costs only garbage-collection tuning, never behaviour.
 */
export function mayOpenTui(args: readonly string[], stdinIsTTY: boolean, stdoutIsTTY: boolean): boolean {
  if (!stdinIsTTY || !stdoutIsTTY) return false;
  if (args.some((a) => a === '--json' || a === '--no-tui' || a === '--auto' || a === '--help' || a === '-h')) return false;
  const at = args.findIndex((a) => a === 'incident' || a === 'drill');
  if (at < 0) return false;
  return args[at] === 'drill' || args[at + 1] === 'start' || args[at + 1] === 'resume';
}

/**
 * V8 flags for the screen, a long-lived process that allocates little per frame; set before the
 * heap grows (`--max-semi-space-size` and the like cannot be changed once it exists, these are read
 * as the heap and the compiler go). Other commands keep V8's defaults. Measured on `aiops incident
 * resume` of a 100,000-event incident (bench/cases/tui-memory.js), peak RSS 125 → ~98 MB:
 * - semi-space growth factor 1: V8 grows its young generation to 2 × 16 MB while the modules load
 *   and the incident is read, and keeps it; at 1 it stays at its initial size (~10-15 MB).
 * - `--optimize-for-size`: the old generation grows by the least factor and is compacted. Loading
 *   Ink (its es-toolkit alone is ~400 modules) leaves ~15 MB of garbage the default growth would
 *   keep as heap (~5-10 MB).
 * - `--no-opt`: no TurboFan. Its background compile jobs' memory stays in the worker threads'
 *   malloc arenas (~10 MB); a screen that folds a page of events now and then does not need it.
 */
export function tuneV8ForTheScreen(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
  setFlagsFromString('--optimize-for-size');
  setFlagsFromString('--no-opt');
}
