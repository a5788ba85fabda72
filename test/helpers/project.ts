import { cpSync, mkdtempSync, rmSync } from 'node:fs';
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
