import { run } from '../../src/cli/index.js';
import type { CliResult } from './cli.js';
import type { TempProject } from './project.js';

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs the same commander program as `bin/aiops.js`, in this test process: no Node start-up and no
 * module loading per call (about 0.5 s a call on a loaded 2-core machine). The binary itself is
 * proven by the tests that use `aiops()` from ./cli.js; walks of many commands use this one.
 * Calls are serialised: cwd, env, stdout and the exit code are process-wide while a command runs.
 * So a binary spawned meanwhile by a concurrent test inherits the keys of `opts.env` it does not set
 * itself (./cli.js sets the base ones): keep such tests out of one describe.concurrent.
 * Needs the forks pool (process.chdir is not allowed in worker threads).
 */
export function aiopsInProcess(
  project: Pick<TempProject, 'dir' | 'stateDir'>,
  args: string[],
  opts: { as?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  // No stdin here: a caller that pipes input (cli-logs passes its options through) must spawn the binary.
  if ((opts as { input?: unknown }).input !== undefined) return Promise.reject(new Error('aiopsInProcess cannot pipe stdin: use aiops() from ./cli.js'));
  const call = queue.then(() => runOnce(project, args, opts));
  queue = call.catch(() => undefined);
  return call;
}

async function runOnce(
  project: Pick<TempProject, 'dir' | 'stateDir'>,
  args: string[],
  opts: { as?: string; env?: Record<string, string> },
): Promise<CliResult> {
  // The same environment the spawned binary gets from ./cli.js.
  const env: Record<string, string> = { AIOPS_STATE_DIR: project.stateDir, NO_COLOR: '1', AIOPS_DB: '', TZ: 'UTC', AIOPS_CONFIG: '', AIOPS_TEST_CLOCK: '1', ...opts.env };
  const savedEnv = new Map(Object.keys(env).map((k) => [k, process.env[k]]));
  const savedCwd = process.cwd();
  const savedExit = process.exitCode;
  const out: string[] = [];
  const err: string[] = [];
  const writeOut = process.stdout.write;
  const writeErr = process.stderr.write;
  const capture = (into: string[]) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      done?.();
      return true;
    }) as typeof process.stdout.write;
  // As the spawned binary sees them in tests: no terminal on any stream (a TTY would open the TUI).
  const streams = [process.stdin, process.stdout, process.stderr];
  const savedTTY = streams.map((s) => s.isTTY);
  let exitCode: number;
  try {
    for (const s of streams) s.isTTY = false;
    Object.assign(process.env, env);
    process.chdir(project.dir);
    process.exitCode = undefined;
    process.stdout.write = capture(out);
    process.stderr.write = capture(err);
    await run(['node', 'aiops', ...(opts.as ? ['--as', opts.as] : []), ...args]);
    exitCode = Number(process.exitCode ?? 0);
  } finally {
    streams.forEach((s, i) => (s.isTTY = savedTTY[i]!));
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    process.exitCode = savedExit;
    process.chdir(savedCwd);
    for (const [k, v] of savedEnv) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  const stdout = stripFinalNewline(out.join(''));
  return { exitCode, stdout, stderr: stripFinalNewline(err.join('')), json: () => JSON.parse(stdout) };
}

/** What ./cli.js gets from execa: each stream without its one final newline (`seq 4 <hash>`, not `seq 4 <hash>\n`). */
function stripFinalNewline(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}
