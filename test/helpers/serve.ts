import { type ChildProcess, spawn } from 'node:child_process';
import { BIN, type TempProject } from './project.js';

export interface Served {
  child: ChildProcess;
  url: string;
  /** Everything serve printed to stdout so far (its listening line first). */
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

const running: ChildProcess[] = [];

/** Kills every serve still running (call from afterAll). */
export function killServes(): void {
  for (const c of running.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}

/** Spawns `aiops serve` as alice on a free loopback port (port 0) and waits for the line that names it. */
export async function startServe(p: TempProject, env: Record<string, string>): Promise<Served> {
  const child = spawn('node', [BIN, '--as', 'alice', 'serve', '--listen', '127.0.0.1:0'], {
    cwd: p.dir,
    env: { ...process.env, AIOPS_STATE_DIR: p.stateDir, AIOPS_DB: '', AIOPS_CONFIG: '', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (c) => (err += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (c) => {
      out += c;
      const m = /listening on (http:\/\/[^ ]+)[^\n]*\n/.exec(out); // the whole line
      if (m) resolve(m[1]!);
    });
    void exited.then((code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
  return { child, url, stdout: () => out, stderr: () => err, exited };
}
