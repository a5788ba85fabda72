import { describe, expect, it } from 'vitest';
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject } from './helpers/project.js';

const candidates = async (words: string[]) => {
  const p = makeProject({ withScenarios: false });
  try {
    const r = await aiops(p, ['__complete', '--', ...words]);
    expect(r.exitCode, r.stderr).toBe(0);
    return r.stdout.split('\n').filter(Boolean);
  } finally {
    p.cleanup();
  }
};

describe('completion of an option value typed with =', () => {
  it('offers the values after bash splits --format=h at the =, and with the cursor right after it', async () => {
    expect(await candidates(['export', 'INC-2026-0001', '--format', '=', 'h'])).toEqual(['html']);
    expect(await candidates(['export', 'INC-2026-0001', '--format', '='])).toEqual(['md', 'json', 'html']);
  });

  it('offers whole words for one word --trigger=da (zsh and fish do not split it), from the project', async () => {
    expect(await candidates(['incident', 'start', '--trigger=da'])).toEqual(['--trigger=data_leakage']);
    expect(await candidates(['export', 'INC-2026-0001', '--format='])).toEqual(['--format=md', '--format=json', '--format=html']);
    // A flag without a value still completes as a flag
    expect(await candidates(['incident', 'start', '--tr'])).toEqual(['--trigger']);
  });
});
