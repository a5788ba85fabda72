import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aiops as aiopsSpawned } from './helpers/cli.js';
// The incident is started through the binary; each -o check is one command, run in-process.
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';

let project: TempProject;
let id: string;
let sha: string;

beforeAll(async () => {
  project = makeProject({ withScenarios: false });
  const started = await aiopsSpawned(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Invoices leak', '--service', 'assistant-eu', '--json'], { as: 'alice' });
  expect(started.exitCode, started.stderr).toBe(0);
  id = started.json().incident.id;
  writeFileSync(join(project.dir, 'flagged.txt'), 'flagged output\n');
  const note = await aiops(project, ['incident', 'note', id, 'flagged', '--attach', 'flagged.txt', '--json'], { as: 'alice' });
  expect(note.exitCode, note.stderr).toBe(0);
  sha = JSON.stringify(note.json()).match(/"sha256":"([0-9a-f]{64})"/)![1]!;
  mkdirSync(join(project.dir, 'somedir'));
});
afterAll(() => project?.cleanup());

/** Every command with -o, each as a user types it; -o goes last. */
const writers = (): string[][] => [
  ['export', id],
  ['evidence', 'export', id],
  ['evidence', 'attachment', sha],
  ['scenario', 'record', id],
  ['scenario', 'record', id, '--force'],
];

describe('-o is checked the same way by every command that writes a file', () => {
  it('an -o naming a directory is invalid input (exit 2), said as such, with no --force to try', async () => {
    for (const args of writers()) {
      const r = await aiops(project, [...args, '-o', 'somedir'], { as: 'alice' });
      expect([r.exitCode, r.stderr], args.join(' ')).toEqual([2, 'aiops: somedir is a directory; -o names the file to write\n  try: name a file in it: -o somedir/FILE']);
    }
    expect(readdirSync(join(project.dir, 'somedir'))).toEqual([]);
  });

  it('a blank -o reads as one clean sentence, not commander\'s "argument \'\' is invalid."', async () => {
    for (const args of writers()) {
      const r = await aiops(project, [...args, '-o', ''], { as: 'alice' });
      expect([r.exitCode, r.stdout, r.stderr], args.join(' ')).toEqual([2, '', 'aiops: -o is blank\n  try: name a file, or leave -o out to write to stdout']);
    }
  });

  it('never writes over the evidence log, whichever command and whatever --force', async () => {
    for (const args of writers()) {
      const r = await aiops(project, [...args, '-o', '.aiops/aiops.db'], { as: 'alice' });
      expect(r.exitCode, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(`refusing to write .aiops/aiops.db: it is the evidence log's own file`);
    }
    expect(readFileSync(project.db).subarray(0, 15).toString()).toBe('SQLite format 3');
    expect((await aiops(project, ['evidence', 'verify'])).exitCode).toBe(0);
  });

  it.skipIf(!existsSync('/proc/self'))('a directory that is there but takes no file (/proc) is not called missing', async () => {
    for (const args of writers()) {
      const r = await aiops(project, [...args, '-o', '/proc/x.md'], { as: 'alice' });
      expect(r.exitCode, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toBe('aiops: could not write /proc/x.md: cannot create a file in /proc (ENOENT, though the directory exists: a virtual file system such as /proc takes no new files); nothing was written');
    }
  });
});
