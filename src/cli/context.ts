import type { Command } from 'commander';
import { clockFromEnv, type Clock } from '../core/clock.js';
import { withSchemaVersion } from '../core/output-version.js';
import { terminalJson, terminalText } from '../core/terminal-text.js';
import { ReaderGone } from './terminal-stream.js';

/** What every command action gets: where it runs, who runs it, and where output goes. */
export interface CliContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  json: boolean;
  debug: boolean;
  db?: string;
  config?: string;
  as?: string;
  /** --tz: the zone human text shows times in (see displayZone). */
  tz?: string;
  out(text: string): void;
  err(text: string): void;
  /** Prints one JSON document (with --json) or the human text. */
  emit(json: unknown, human: () => string): void;
  /**
   * Writes a piece of a JSON document streamed to stdout (a page of a long listing), through
   * the same JSON sanitiser as emit. Resolves once the piece before it has been handed to the OS:
   * a writer that awaits each keeps at most two pieces queued, and the reader of a pipe works
   * while the next piece is made, instead of the whole document queuing in memory first.
   */
  writeJson(piece: string): Promise<void>;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
}

export interface GlobalOptions {
  db?: string;
  config?: string;
  as?: string;
  json?: boolean;
  debug?: boolean;
  tz?: string;
}

/** Whether this run's one JSON document (or the start of a streamed one) is on stdout already. */
let jsonWritten = false;

/** A new command run: nothing written yet (the in-process test runner runs many in one process). */
export function startOutput(): void {
  jsonWritten = false;
}

/** True once --json output has begun: an error after it must not add a second document. */
export function jsonDocumentWritten(): boolean {
  return jsonWritten;
}

export function makeContext(cmd: Command): CliContext {
  const g = cmd.optsWithGlobals() as GlobalOptions;
  const json = Boolean(g.json);
  // Every human text passes the one sanitiser here, so no command can forget it.
  const write = (stream: NodeJS.WriteStream, text: string) => {
    const safe = terminalText(text);
    stream.write(safe.endsWith('\n') ? safe : `${safe}\n`);
  };
  const out = (text: string) => write(process.stdout, text);
  // A warning that cannot be written (stderr closed, or a full disk behind 2>file) must not stop a
  // command half-way: what it does and its exit code still stand. (main ignores stderr's async errors.)
  const err = (text: string) => {
    try {
      write(process.stderr, text);
    } catch {
      // nowhere left to say it
    }
  };
  let previous: Promise<void> = Promise.resolve();
  let readerGone = false;
  const writeJson = (piece: string): Promise<void> => {
    // The reader went away (`aiops incident list --json | head`): the listing stops there, quietly,
    // instead of reading every page for nobody.
    if (readerGone) return Promise.reject(new ReaderGone());
    jsonWritten = true;
    const wait = previous;
    // A failed write resolves too (main's stdout error handler has it); an EPIPE stops the next piece.
    previous = new Promise((resolve) =>
      process.stdout.write(terminalJson(piece), (err) => {
        if ((err as NodeJS.ErrnoException | null | undefined)?.code === 'EPIPE') readerGone = true;
        resolve();
      }),
    );
    return wait;
  };
  return {
    cwd: process.cwd(),
    env: process.env,
    clock: clockFromEnv(process.env),
    json,
    debug: Boolean(g.debug),
    db: g.db,
    config: g.config ?? (process.env.AIOPS_CONFIG || undefined),
    as: g.as,
    tz: g.tz,
    out,
    err,
    emit: (doc, human) => {
      if (!json) return out(human());
      jsonWritten = true;
      process.stdout.write(`${terminalJson(JSON.stringify(withSchemaVersion(doc), null, 2))}\n`);
    },
    writeJson,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each action declares the positional and option types commander hands it
export type Action = (ctx: CliContext, ...args: any[]) => Promise<void> | void;

/** Wraps an action so commander passes (ctx, ...positional, options). */
export function action(fn: Action) {
  return async (...args: unknown[]) => {
    const cmd = args[args.length - 1] as Command;
    const ctx = makeContext(cmd);
    await fn(ctx, ...args.slice(0, -1));
  };
}
