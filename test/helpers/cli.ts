import { execa, type Result } from 'execa';
import { BIN, type TempProject } from './project.js';

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  json<T = any>(): T;
}

/** Runs the built `aiops` binary as a user would, in the project's directory, with no TTY. */
export async function aiops(
  project: Pick<TempProject, 'dir' | 'stateDir'>,
  args: string[],
  opts: { as?: string; env?: Record<string, string>; input?: string; prefix?: string[] } = {},
): Promise<CliResult> {
  // `prefix`: a program that runs node for the test (setpriv, say), with its arguments.
  const [program, ...argv] = [...(opts.prefix ?? []), 'node', BIN, ...(opts.as ? ['--as', opts.as] : []), ...args];
  const r: Result = await execa(program!, argv, {
    cwd: project.dir,
    reject: false,
    // TZ=UTC: exports honour $TZ, and tests must not depend on the machine's zone.
    // AIOPS_TEST_CLOCK: the switch that lets a test's AIOPS_NOW set the clock (refused without it).
    env: { AIOPS_STATE_DIR: project.stateDir, NO_COLOR: '1', AIOPS_DB: '', TZ: 'UTC', AIOPS_CONFIG: '', AIOPS_TEST_CLOCK: '1', ...opts.env },
    extendEnv: true,
    input: opts.input,
    stdin: opts.input === undefined ? 'ignore' : 'pipe',
  });
  const stdout = String(r.stdout ?? '');
  return {
    exitCode: r.exitCode ?? 1,
    stdout,
    stderr: String(r.stderr ?? ''),
    json: () => JSON.parse(stdout),
  };
}
