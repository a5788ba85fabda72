import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO } from './helpers/project.js';
import { findProgram } from './helpers/system-programs.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A PATH holding only node, as on a fresh machine with nothing but Node and npm. */
function nodeOnlyPath(): string {
  dir = mkdtempSync(join(tmpdir(), 'aiops-bare-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  symlinkSync(process.execPath, join(bin, 'node'));
  return bin;
}

describe('tests that need a system program', () => {
  it('find it on PATH, and find nothing on a PATH without it', () => {
    expect(findProgram('tmux', { PATH: nodeOnlyPath() })).toBeUndefined();
    expect(findProgram('chromium', { PATH: '', AIOPS_CHROMIUM: '/opt/chrome/chrome' })).toBe('/opt/chrome/chrome');
  });

  it('skip without tmux and chromium, saying once what and how to run them; fail under CI=true instead of skipping', () => {
    const PATH = nodeOnlyPath();
    const vitest = join(REPO, 'node_modules', 'vitest', 'vitest.mjs');
    const run = (ci: string) => {
      const r = spawnSync(process.execPath, [vitest, 'run', 'test/drill-tui-e2e.test.ts', 'test/export-html-browser.test.ts'], { cwd: REPO, env: { PATH, HOME: dir!, CI: ci, AIOPS_TEST_SLOWDOWN: '1' }, encoding: 'utf8' });
      return { code: r.status, out: `${r.stdout}${r.stderr}` };
    };
    const local = run('');
    expect(local.code, local.out).toBe(0);
    expect(local.out).toMatch(/skipping what needs a program this machine lacks:\n {2}- the TUI in a real terminal \(tui-e2e, drill-tui-e2e, tui-hostile-corpus\): needs tmux/);
    expect(local.out).toContain('  - the HTML export in headless chromium (export-html-browser): needs chromium (apt-get install -y chromium)');
    expect(local.out).toContain('npm run test:browser');
    // vitest colours its summary line
    // eslint-disable-next-line no-control-regex -- strips ESC-led colour codes
    expect(local.out.replace(/\x1b\[[0-9;]*m/g, '')).toMatch(/Test Files\s+2 skipped/);
    expect(local.out.match(/skipping what needs/g)).toHaveLength(1);
    expect(local.out).toMatch(/\d+ skipped/);
    const ci = run('true');
    expect(ci.code).not.toBe(0);
    expect(ci.out).toContain('tmux is missing and CI=true never skips');
    expect(ci.out).toContain('chromium is missing and CI=true never skips');
  });
});
