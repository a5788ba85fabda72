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
 * The screen is a long-lived process that allocates little per frame, but V8 grows its young
 * generation to 2 × 16 MB while the modules load and the incident is read, and keeps it: ~15 MB of
 * peak RSS the TUI never needs. `--max-semi-space-size` cannot be changed once the heap exists; the
 * growth factor is read at each growth, so setting it to 1 before anything is allocated keeps the
 * young generation at its initial size for the process's life. Other commands keep V8's default.
 */
export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}
