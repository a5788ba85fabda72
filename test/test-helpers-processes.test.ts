import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gone, killLeftovers, pidFrom, pidOf, pidsIn } from './helpers/processes.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('test helpers for leftover processes', () => {
  it('read no pid from a pid file created but not yet written (kill(-0) would end the whole CI run)', () => {
    for (const text of ['', '\n', '0', '-0', '1', '12a', ' ']) expect(pidOf(text), JSON.stringify(text)).toBeNaN();
    expect(pidOf('4242\n')).toBe(4242);
  });

  it('never signal pid 0, 1 or a non-number, alone or as a group', () => {
    const pids = [0, -0, 1, Number.NaN, -5];
    killLeftovers(pids, { group: true });
    killLeftovers([0, 1]);
    // Still here: a kill(0, SIGKILL) would have ended this worker
    expect(pids).toEqual([]);
    expect(() => gone(0)).toThrow(/not a process id/);
  });

  it('wait for the pid, not for the file', async () => {
    dir = mkdtempSync(join(tmpdir(), 'aiops-pids-'));
    const file = join(dir, 'x.pid');
    writeFileSync(file, '');
    const read = pidFrom(file);
    setTimeout(() => writeFileSync(file, `${process.pid}\n`), 50);
    expect(await read).toBe(process.pid);
    writeFileSync(file, `${process.pid}\n\n`);
    expect(() => pidsIn(file)).not.toThrow();
    writeFileSync(file, `${process.pid}\n12x\n`);
    expect(() => pidsIn(file)).toThrow(/not a process id/);
  });
});
