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
 * Tunes V8 for the incident screen, a long-lived process that allocates little per frame and is
 * mostly idle, before anything is allocated. Measured on a 100,000-event incident (peak RSS):
 * - V8 grows its young generation to 2 × 16 MB while the modules load and the incident is read,
 *   and keeps it (~12 MB). `--max-semi-space-size` cannot be changed once the heap exists; the
 *   growth factor is read at each growth, so 1 keeps the young generation at its initial size.
 * - The optimising compiler (TurboFan) compiles on background threads whose malloc arenas keep
 *   their zones (~12 MB). The screen's work is I/O and small renders, which the interpreter and the
 *   baseline compiler serve; the first-frame bench (bench/cases/tui.js) is not slower without it.
 * Other commands (folds, exports, drills) keep V8's defaults.
 */
export function tuneHeapForTui(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
  setFlagsFromString('--no-opt');
}
