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

describe('tuneV8ForTheScreen', () => {
  // V8 flags are per process: measured in a fresh node that allocates as module loading does.
  const youngGenerationMb = (tuned: boolean): number => {
    const url = pathToFileURL(join(REPO, 'dist', 'cli', 'tui-heap.js')).href;
    const program = `
      const { tuneV8ForTheScreen } = await import(${JSON.stringify(url)});
      if (${tuned}) tuneV8ForTheScreen();
      const v8 = await import('node:v8');
      const kept = [];
      for (let i = 0; i < 200000; i++) kept.push({ i, s: 'x' + i });
      const s = v8.getHeapSpaceStatistics().find((x) => x.space_name === 'new_space');
      process.stdout.write(String(s.space_size / 1048576));`;
    return Number(execFileSync(process.execPath, ['--input-type=module', '-e', program]).toString());
  };

  it('keeps the young generation at its initial size where V8 would grow it', () => {
    expect(youngGenerationMb(false)).toBeGreaterThan(4);
    expect(youngGenerationMb(true)).toBeLessThanOrEqual(2);
  });
});
