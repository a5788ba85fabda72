import { execa } from 'execa';
import type { ResolvedHook } from './resolve-hook.js';
import { redactSecrets } from './redact.js';

export const OUTPUT_CAP_BYTES = 64 * 1024;
const KILL_GRACE_MS = 2_000;

export interface HookResult {
  ok: boolean;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  stdout: string;
  stderr: string;
  stdoutCut: number;
  stderrCut: number;
  error?: string;
}

export type HookOutcome = { simulated: true } | ({ simulated: false } & HookResult);

/** Drills never run a hook unless it says `drill: run`. Enforced here, not by callers. */
export function mustSimulate(hook: ResolvedHook, drill: boolean): boolean {
  return drill && hook.spec.drill !== 'run';
}

function cap(text: string, patterns: string[]): { text: string; cut: number } {
  const clean = redactSecrets(text, patterns);
  const bytes = Buffer.byteLength(clean, 'utf8');
  if (bytes <= OUTPUT_CAP_BYTES) return { text: clean, cut: 0 };
  const kept = Buffer.from(clean, 'utf8').subarray(0, OUTPUT_CAP_BYTES).toString('utf8');
  return { text: `${kept}\n[… ${bytes - OUTPUT_CAP_BYTES} bytes cut]`, cut: bytes - OUTPUT_CAP_BYTES };
}

/**
 * Runs a resolved hook: argv only, never a shell; a fresh environment; its own process group so
 * a timeout ends the whole tree (SIGTERM, then SIGKILL after a grace period).
 */
export async function runHook(
  hook: ResolvedHook,
  opts: { drill: boolean; redact: string[]; onOutput?: (chunk: string) => void; signal?: AbortSignal },
): Promise<HookOutcome> {
  if (mustSimulate(hook, opts.drill)) return { simulated: true };
  const started = Date.now();
  const [file, ...args] = hook.argv;
  const child = execa(file!, args, {
    cwd: hook.cwd,
    env: hook.env,
    extendEnv: false,
    shell: false,
    reject: false,
    stdin: 'ignore',
    detached: true,
    cleanup: true,
    maxBuffer: 16 * 1024 * 1024,
    ...(opts.signal ? { cancelSignal: opts.signal } : {}),
  });
  const killTree = (sig: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, sig);
    } catch {
      // the group is already gone
    }
  };
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killTree('SIGTERM');
    setTimeout(() => killTree('SIGKILL'), KILL_GRACE_MS).unref();
  }, hook.timeoutMs);
  if (opts.onOutput) {
    child.stdout?.on('data', (d: Buffer) => opts.onOutput!(d.toString('utf8')));
    child.stderr?.on('data', (d: Buffer) => opts.onOutput!(d.toString('utf8')));
  }
  const result = await child;
  clearTimeout(timer);
  // Whatever the child left behind in its group goes too.
  killTree('SIGKILL');
  const out = cap(String(result.stdout ?? ''), opts.redact);
  const err = cap(String(result.stderr ?? ''), opts.redact);
  const exitCode = typeof result.exitCode === 'number' ? result.exitCode : null;
  const failedToStart = result.failed && exitCode === null && !result.signal && !timedOut;
  return {
    simulated: false,
    ok: !timedOut && exitCode === 0,
    exitCode,
    signal: result.signal ?? null,
    timedOut,
    durationMs: Date.now() - started,
    stdout: out.text,
    stderr: err.text,
    stdoutCut: out.cut,
    stderrCut: err.cut,
    ...(timedOut ? { error: `timed out after ${hook.timeoutMs} ms; process tree ended` } : {}),
    ...(failedToStart ? { error: redactSecrets(result.shortMessage ?? 'could not start', opts.redact) } : {}),
  };
}
