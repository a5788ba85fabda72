import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { REPO } from './project.js';

export const GOLDEN_DIR = join(REPO, 'test', 'golden');

/**
 * Compares text with test/golden/NAME byte for byte. UPDATE_GOLDEN=1 rewrites the file
 * instead; a missing golden file fails the test rather than being created silently.
 */
export function expectGolden(name: string, actual: string): void {
  const file = join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`golden file test/golden/${name} is missing; run with UPDATE_GOLDEN=1 and review it`);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}
