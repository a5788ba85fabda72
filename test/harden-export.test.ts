import { chmodSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';

// Issue 17, Medium: `export -o` and `evidence export -o` never write over what they should not.
let project: TempProject;
let incidentId: string;

beforeAll(async () => {
  project = makeProject({ withScenarios: false });
  const start = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'eu', '--json'], { as: 'alice' });
  expect(start.exitCode, start.stderr).toBe(0);
  incidentId = start.json().incident.id;
});
afterAll(() => project?.cleanup());

const commands = () => [
  ['evidence', 'export'],
  ['export', incidentId, '--format', 'md'],
];

describe('export -o', () => {
  it("refuses the evidence log's own files, by name or through a symlink, even with --force", async () => {
    symlinkSync(project.db, join(project.dir, 'innocent.jsonl'));
    for (const cmd of commands()) {
      for (const target of ['.aiops/aiops.db', 'innocent.jsonl']) {
        const r = await aiops(project, [...cmd, '-o', target, '--force']);
        expect(r.exitCode, `${cmd.join(' ')} -o ${target}`).toBe(2);
        expect(r.stderr).toMatch(/refusing to write .*: it is the evidence log's own file/);
      }
    }
    const ok = await aiops(project, ['evidence', 'verify']);
    expect(ok.exitCode, ok.stdout).toBe(0);
  });

  it('needs --force to replace a file, and leaves it as it was without', async () => {
    for (const cmd of commands()) {
      const file = join(project.dir, 'kept.txt');
      writeFileSync(file, 'mine\n');
      chmodSync(file, 0o644);
      const refused = await aiops(project, [...cmd, '-o', 'kept.txt']);
      expect(refused.exitCode).toBe(2);
      expect(refused.stderr).toMatch(/kept\.txt already exists; nothing was written/);
      expect(readFileSync(file, 'utf8')).toBe('mine\n');
      const forced = await aiops(project, [...cmd, '-o', 'kept.txt', '--force']);
      expect(forced.exitCode, forced.stderr).toBe(0);
      expect(readFileSync(file, 'utf8')).not.toBe('mine\n');
      // And the replacement is private, not the old file's looser mode
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
  });

  it('creates a new export 0600 and leaves no temp file beside it', async () => {
    for (const [i, cmd] of commands().entries()) {
      const name = `fresh-${i}.out`;
      const r = await aiops(project, [...cmd, '-o', name]);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(statSync(join(project.dir, name)).mode & 0o777).toBe(0o600);
    }
    expect(readdirSync(project.dir).filter((f) => /tmp|body/.test(f))).toEqual([]);
  });
});
