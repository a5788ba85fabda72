import { CommanderError } from 'commander';
import { OperationFailed, PolicyRefusal, UserError, formatWhere } from '../core/errors.js';
import { withSchemaVersion } from '../core/output-version.js';
import { terminalJson, terminalText } from '../core/terminal-text.js';
import { jsonDocumentWritten } from './context.js';
import { ReaderGone } from './terminal-stream.js';

export const EXIT = { ok: 0, failure: 1, usage: 2, refused: 3 } as const;

/** The one place errors become messages and exit codes. */
export function handleError(err: unknown, opts: { json: boolean; debug: boolean }): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
    if (err.exitCode === 0) return 0;
    // commander has already printed its message to stderr (or, for `aiops incident` with no command,
    // the group's help: asked for nothing, that is usage); --json still owes one document on stdout.
    if (opts.json) {
      const message = err.code === 'commander.help' ? 'no command given; the help on stderr lists them' : err.message.replace(/^error: /, '');
      process.stdout.write(`${terminalJson(JSON.stringify(withSchemaVersion({ ok: false, error: { kind: 'invalid-input', message } }), null, 2))}\n`);
    }
    return EXIT.usage;
  }
  // The reader of stdout went away (`aiops evidence export | head`): a streamed command stops there,
  // as the others end quietly through main's stdout handler.
  if (err instanceof ReaderGone) return EXIT.ok;
  const { code, kind, lines } = describe(err, opts.debug);
  // --json prints one document: a failure after the command's own (a head file that could not be
  // kept after the event was written) is said on stderr and in the exit code only.
  if (opts.json && !jsonDocumentWritten()) {
    const e = err as { rule?: string; details?: string[]; hint?: string };
    process.stdout.write(
      `${terminalJson(JSON.stringify(withSchemaVersion({ ok: false, error: { kind, message: (err as Error).message, rule: e.rule, details: e.details, hint: e.hint } }), null, 2))}\n`,
    );
  }
  // Messages quote titles, names and file text: they pass the one sanitiser like every other line.
  try {
    process.stderr.write(`${terminalText(lines.join('\n'))}\n`);
  } catch {
    // stderr closed or full: the exit code still says it
  }
  return code;
}

function describe(err: unknown, debug: boolean): { code: number; kind: string; lines: string[] } {
  if (err instanceof UserError) {
    const lines = [`aiops: ${formatWhere(err.where)}${err.message}`, ...err.details.map((d) => `  ${d}`)];
    if (err.hint) lines.push(`  try: ${err.hint}`);
    return { code: EXIT.usage, kind: 'invalid-input', lines };
  }
  if (err instanceof PolicyRefusal) {
    return { code: EXIT.refused, kind: 'refused', lines: [`aiops: refused (${err.rule}): ${err.message}`, ...(err.hint ? [`  try: ${err.hint}`] : [])] };
  }
  if (err instanceof OperationFailed) {
    const lines = [`aiops: ${err.message}`];
    if (err.hint) lines.push(`  try: ${err.hint}`);
    if (debug && err.cause instanceof Error && err.cause.stack) lines.push(err.cause.stack);
    return { code: EXIT.failure, kind: 'failed', lines };
  }
  const e = err instanceof Error ? err : new Error(String(err));
  const lines = [`aiops: unexpected error (this is a bug in aiops): ${e.message}`];
  lines.push(debug && e.stack ? e.stack : '  run again with --debug for the stack trace');
  return { code: EXIT.failure, kind: 'bug', lines };
}
