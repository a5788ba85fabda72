import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mayOpenTui } from '../src/cli/tui-heap.js';
import { REPO } from './helpers/project.js';

describe('mayOpenTui: which invocations get the TUI heap tuning', () => {
  it('is the commands that open the screen, on a terminal', () => {
    expect(mayOpenTui(['--as', 'alice', 'incident', 'resume', 'INC-2026-0001'], true, true)).toBe(true);
    expect(mayOpenTui(['incident', 'start', '--trigger', 'data_leakage'], true, true)).toBe(true);
    expect(mayOpenTui(['drill', 'refund-loop'], true, true)).toBe(true);
  });

  it('is not other commands, scripted runs or opted-out screens', () => {
    expect(mayOpenTui(['incident', 'show', 'INC-2026-0001'], true, true)).toBe(false);
    expect(mayOpenTui(['evidence', 'export', 'INC-2026-0001'], true, true)).toBe(false);
    expect(mayOpenTui(['incident', 'resume', 'INC-2026-0001'], false, true)).toBe(false);
    expect(mayOpenTui(['incident', 'resume', 'INC-2026-0001'], true, false)).toBe(false);
    expect(mayOpenTui(['incident', 'resume', 'INC-2026-0001', '--json'], true, true)).toBe(false);
    expect(mayOpenTui(['incident', 'resume', 'INC-2026-0001', '--no-tui'], true, true)).toBe(false);
    expect(mayOpenTui(['drill', 'refund-loop', '--auto'], true, true)).toBe(false);
    expect(mayOpenTui(['incident', 'resume', '--help'], true, true)).toBe(false);
  });
});

describe('tuneHeapForTui', () => {
  // V8 flags are per process: measured in a fresh node that allocates as module loading does and
  // runs one function hot enough for the optimising compiler.
  const measure = (tuned: boolean): { youngMb: number; optimised: boolean } => {
    const url = pathToFileURL(join(REPO, 'dist', 'cli', 'tui-heap.js')).href;
    const program = `
      const { tuneHeapForTui } = await import(${JSON.stringify(url)});
      if (${tuned}) tuneHeapForTui();
      const v8 = await import('node:v8');
      const kept = [];
      for (let i = 0; i < 200000; i++) kept.push({ i, s: 'x' + i });
      const hot = (a, b) => a * b + 1;
      %PrepareFunctionForOptimization(hot);
      hot(1, 2); hot(3, 4);
      %OptimizeFunctionOnNextCall(hot);
      hot(5, 6);
      const s = v8.getHeapSpaceStatistics().find((x) => x.space_name === 'new_space');
      process.stdout.write(JSON.stringify({ youngMb: s.space_size / 1048576, optimised: (%GetOptimizationStatus(hot) & 16) !== 0 }));`;
    return JSON.parse(execFileSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', program]).toString());
  };

  it('keeps the young generation at its initial size and the optimising compiler off, where V8 would grow and optimise', () => {
    const plain = measure(false);
    expect(plain.youngMb).toBeGreaterThan(4);
    expect(plain.optimised).toBe(true);
    const tuned = measure(true);
    expect(tuned.youngMb).toBeLessThanOrEqual(2);
    expect(tuned.optimised).toBe(false);
  });
});
