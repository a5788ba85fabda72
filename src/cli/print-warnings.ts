import { terminalLine } from '../core/terminal-text.js';
import type { CliContext } from './context.js';

/** Warnings a command's result carries, each as one `warning: …` line on stderr; with --json they stay in the document only. */
export function printWarnings(ctx: CliContext, warnings: readonly string[]): void {
  if (!ctx.json) for (const w of warnings) ctx.err(`warning: ${terminalLine(w)}`);
}
