import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '..', '..');
export const BIN = join(REPO, 'bin', 'aiops.js');

export interface TempProject {
  dir: string;
  db: string;
  stateDir: string;
  cleanup(): void;
}

/** A throwaway copy of the shipped project (aiops.yaml, roster, playbooks, scenarios, hook scripts) with its own database. */
export function makeProject(opts: { withScenarios?: boolean } = {}): TempProject {
  const dir = mkdtempSync(join(tmpdir(), 'aiops-test-'));
  for (const f of ['aiops.yaml', 'roster.yaml']) cpSync(join(REPO, f), join(dir, f));
  cpSync(join(REPO, 'playbooks'), join(dir, 'playbooks'), { recursive: true });
  if (opts.withScenarios !== false) cpSync(join(REPO, 'scenarios'), join(dir, 'scenarios'), { recursive: true });
  cpSync(join(REPO, 'fixtures', 'hooks'), join(dir, 'fixtures', 'hooks'), { recursive: true });
  return {
    dir,
    db: join(dir, '.aiops', 'aiops.db'),
    stateDir: join(dir, 'state'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Rewrites one of the project's files; the change must change something (a pattern that no longer matches fails here, not later). */
export function editProjectFile(p: Pick<TempProject, 'dir'>, file: string, change: (text: string) => string): void {
  const path = join(p.dir, file);
  const before = readFileSync(path, 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  writeFileSync(path, after);
}

/** The 1-based line of the project's file that first matches `re` (0: none does). */
export function lineOfProjectFile(p: Pick<TempProject, 'dir'>, file: string, re: RegExp): number {
  return readFileSync(join(p.dir, file), 'utf8').split('\n').findIndex((l) => re.test(l)) + 1;
}
