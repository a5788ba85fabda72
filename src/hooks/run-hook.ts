import { execa } from 'execa';
import type { HookOutcomeFields } from '../core/events.js';
import { LiveLines, OUTPUT_CAP_BYTES, OutputCapture } from './output-capture.js';
import { ProcessTree } from './process-tree.js';
import { makeFullRedactor } from './redact-preset.js';
import { notRunnable, type ResolvedHook } from './resolve-hook.js';
import { checkCwd } from './check-program.js';

export { OUTPUT_CAP_BYTES };
export const KILL_GRACE_MS = 2_000;

/** What a run came to; the same fields hook.finished records. */
export type HookResult = HookOutcomeFields;

export type HookOutcome = { simulated: true } | ({ simulated: false } & HookResult);

export interface RunOptions {
  /** aiops.yaml `redact:` patterns, on top of secretlint's preset and the supplement list. */
  redact: string[];
  /** Live output, line by line, already redacted; at most 64 KiB per stream. */
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
  signal?: AbortSignal;
  /** Time between SIGTERM and SIGKILL when the tree is ended. */
  graceMs?: number;
  /** End the tree (and report the hook as interrupted) when aiops itself gets SIGINT, SIGTERM or SIGHUP. */
  handleSignals?: boolean;
  /** Called once the child exists, with its pid (its process group id). */
  onSpawn?: (pid: number) => void;
}

/** Drills never run a hook unless it says `drill: run`. Enforced here: runHook obeys it whatever the caller does. */
export function mustSimulate(hook: ResolvedHook): boolean {
  return hook.drill && hook.spec.drill !== 'run';
}

/** Thrown when asked to run a hook that resolved with missing values or problems; nothing was started. */
export class HookNotRunnable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HookNotRunnable';
  }
}

function startError(code: string | undefined, program: string, hook: ResolvedHook): string {
  // The kernel says ENOENT (ENOTDIR) for a missing working directory too: name that, not the program.
  const cwd = code === 'ENOENT' || code === 'ENOTDIR' ? checkCwd(hook.spec.cwd, hook.cwd) : null;
  if (cwd) return cwd;
  switch (code) {
    case 'ENOENT':
      return `program ${program} not found (or its #! interpreter is missing)`;
    case 'EACCES':
      return `program ${program} is not executable (chmod +x ${program})`;
    case 'E2BIG':
      return 'the arguments and environment are too long for the system to start the program';
    default:
      return `could not start ${program}${code ? ` (${code})` : ''}`;
  }
}

/** The hook in a process group of its own (so its tree can be ended), no shell, no stdin. */
function spawnHook(file: string, args: string[], hook: ResolvedHook) {
  return execa(file, args, {
    cwd: hook.cwd,
    env: hook.env,
    extendEnv: false,
    shell: false,
    reject: false,
    buffer: false,
    stdin: 'ignore',
    detached: true,
    cleanup: true,
    windowsHide: true,
  });
}

/**
 * Runs a resolved hook: argv only, never a shell; a fresh environment; its own process group.
 * A timeout (or cancel, or aiops being interrupted) ends the whole tree: SIGTERM, then SIGKILL
 * after the grace period, to the group and to every descendant seen. Output is redacted, then
 * capped, before it is returned; nothing unredacted leaves this function.
 */
export async function runHook(hook: ResolvedHook, opts: RunOptions): Promise<HookOutcome> {
  if (mustSimulate(hook)) return { simulated: true };
  const refusal = notRunnable(hook);
  if (refusal) throw new HookNotRunnable(refusal);
  const redact = makeFullRedactor(opts.redact, hook.secretValues);
  const graceMs = opts.graceMs ?? KILL_GRACE_MS;
  const started = Date.now();
  const [file, ...args] = hook.argv;
  let tree: ProcessTree | null = null;
  let closePipes = () => {};
  const timers: NodeJS.Timeout[] = [];
  let ended: string | null = null;
  let timedOut = false;
  const endTree = (why: string) => {
    if (ended || !tree) return;
    ended = why;
    const t = tree;
    t.snapshot();
    t.signal('SIGTERM');
    timers.push(
      setTimeout(() => {
        t.snapshot();
        t.signal('SIGKILL');
        timers.push(setTimeout(closePipes, 500));
      }, graceMs),
    );
  };
  // Listening before the spawn: a signal that arrives while the hook starts must not end aiops
  // unrecorded (Node queues it for these handlers, which run once the spawn below has returned).
  const signalHandlers: [NodeJS.Signals, () => void][] = opts.handleSignals
    ? (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((s) => [s, () => endTree(`interrupted: aiops got ${s}`)])
    : [];
  const stopListening = () => {
    for (const [s, h] of signalHandlers) process.off(s, h);
  };
  for (const [s, h] of signalHandlers) process.on(s, h);
  let child;
  try {
    child = spawnHook(file!, args, hook);
  } catch (err) {
    stopListening();
    throw err;
  }

  const out = new OutputCapture();
  const err = new OutputCapture();
  const live = opts.onOutput
    ? { stdout: new LiveLines((t) => opts.onOutput!(t, 'stdout'), redact), stderr: new LiveLines((t) => opts.onOutput!(t, 'stderr'), redact) }
    : null;
  child.stdout?.on('data', (d: Buffer) => {
    out.push(d);
    live?.stdout.push(d);
  });
  child.stderr?.on('data', (d: Buffer) => {
    err.push(d);
    live?.stderr.push(d);
  });

  if (child.pid !== undefined) tree = new ProcessTree(child.pid);
  if (child.pid !== undefined) opts.onSpawn?.(child.pid);
  closePipes = () => {
    // A descendant that escaped every signal must not keep aiops waiting on its pipe.
    child.stdout?.destroy();
    child.stderr?.destroy();
  };
  timers.push(
    setTimeout(() => {
      timedOut = true;
      endTree(`timed out after ${hook.timeoutMs} ms`);
    }, hook.timeoutMs),
  );
  child.on('exit', () => {
    // The hook is done; whatever it left running in its group is ended too.
    if (ended || !tree) return;
    const t = tree;
    t.signal('SIGTERM');
    timers.push(
      setTimeout(() => {
        t.signal('SIGKILL');
        timers.push(setTimeout(closePipes, 500));
      }, graceMs),
    );
  });
  const onAbort = () => endTree('cancelled');
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  let result;
  try {
    result = await child;
  } finally {
    for (const t of timers) clearTimeout(t);
    opts.signal?.removeEventListener('abort', onAbort);
    stopListening();
    tree?.signal('SIGKILL');
  }
  live?.stdout.end();
  live?.stderr.end();
  const [stdout, stderr] = await Promise.all([out.finish(redact), err.finish(redact), live?.stdout.drained(), live?.stderr.drained()]);
  const exitCode = typeof result.exitCode === 'number' ? result.exitCode : null;
  const signal = result.signal ?? null;
  let error: string | undefined;
  if (ended) error = `${ended}; process tree ended (SIGTERM, then SIGKILL after ${graceMs} ms)`;
  else if (child.pid === undefined || (result.failed && exitCode === null && !signal)) {
    error = startError((result as { code?: string }).code, file!, hook);
  } else if (signal) error = `killed by ${signal}`;
  return {
    simulated: false,
    ok: !ended && exitCode === 0,
    exitCode,
    signal,
    timedOut,
    durationMs: Date.now() - started,
    stdout: stdout.text,
    stderr: stderr.text,
    stdoutCut: stdout.cut,
    stderrCut: stderr.cut,
    ...(error ? { error: await redact(error) } : {}),
  };
}
