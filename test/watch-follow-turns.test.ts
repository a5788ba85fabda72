import { appendFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { BIN, type TempProject } from './helpers/project.js';
import { patience } from './helpers/patience.js';
import { watchProject } from './helpers/watch-project.js';
import { killLeftovers, until } from './helpers/processes.js';

const projects: TempProject[] = [];
const pids: number[] = [];
afterEach(() => killLeftovers(pids));
afterAll(() => projects.forEach((p) => p.cleanup()));

const fresh = () => watchProject(projects);

const line = (sec: number, id: string, review: string) =>
  `${JSON.stringify({ ts: new Date(Date.parse('2026-03-02T09:00:00Z') + sec * 1000).toISOString(), service: 'shop-assistant', request_id: id, review })}\n`;

// Three records that fire the rule (2 of 3 rejected); `at` is far enough from the others' window that
// the rule has come back down by then and fires again, so each batch read shows as a line on stdout.
/** How many drift notes INC-2026-0001 holds: one a firing, so with --json (nothing on stdout until the end) a test sees what was read. */
async function driftNotes(p: TempProject): Promise<number> {
  const r = await aiopsInProcess(p, ['evidence', 'export', 'INC-2026-0001']);
  return r.exitCode === 0 ? r.stdout.split('\n').filter((l) => l.includes('"note.added"')).length : 0;
}
const notesAre = (p: TempProject, n: number) => vi.waitFor(async () => expect(await driftNotes(p)).toBe(n), { timeout: patience(10_000), interval: 100 });

/** stderr without the warnings a firing that opened an incident prints (its service's owners; test/watch-cli.test.ts has them). */
const notices = (stderr: string) => stderr.split('\n').filter((l) => !l.startsWith('warning: ')).join('\n');

const firingBatch = (at: number, tag: string) => line(at, `${tag}1`, 'rejected') + line(at + 5, `${tag}2`, 'rejected') + line(at + 6, `${tag}3`, 'approved');

/** `aiops watch FILE --follow` as a real process; what it printed so far, and stop() (SIGTERM) for its result. */
function follow(p: TempProject, file: string, ...more: string[]) {
  const child = execa('node', [BIN, '--as', 'alice', 'watch', file, '--follow', ...more], { cwd: p.dir, reject: false, env: { AIOPS_STATE_DIR: p.stateDir, NO_COLOR: '1', AIOPS_DB: '', TZ: 'UTC', AIOPS_CONFIG: '', AIOPS_TEST_CLOCK: '1' } });
  pids.push(child.pid!);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const seen = (what: string, where: () => string) => until(() => `${JSON.stringify(what)} in ${JSON.stringify(where())}`, () => where().includes(what), 10_000);
  return {
    stdout: (what: string) => seen(what, () => out),
    stderr: (what: string) => seen(what, () => err),
    stop: async () => {
      child.kill('SIGTERM');
      const r = await child;
      return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
    },
  };
}

describe('aiops watch --follow across rotation and truncation, like tail -F', () => {
  it('reads the new file a rotation ("create": mv, then a new file) puts at the path, from its start', async () => {
    const p = fresh();
    const file = join(p.dir, 'live.jsonl');
    writeFileSync(file, firingBatch(0, 'a'));
    const w = follow(p, 'live.jsonl');
    await w.stdout('opened INC-2026-0001');
    // When the file is rotated and the new one holds telemetry with a bad second line
    renameSync(file, `${file}.1`);
    writeFileSync(file, line(2000, 'b0', 'approved') + '{broken\n' + firingBatch(2001, 'b'));
    // Then the new file is read and said so once; its bad line is numbered in the new file
    await w.stdout('added to INC-2026-0001');
    const r = await w.stop();
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('read 7 records, 1 bad line(s) (line 2); 2 rule firing(s)');
    expect(notices(r.stderr)).toBe('live.jsonl: rotated (a new file at that path); reading it from the start\nlive.jsonl:2: skipped: not JSON (file 2 read at that path)');
  }, patience(60_000));

  it('reads a truncated file (copytruncate) again from its start, with its own line numbers, and --json says so', async () => {
    const p = fresh();
    const file = join(p.dir, 'live.jsonl');
    writeFileSync(file, firingBatch(0, 'a'));
    const w = follow(p, 'live.jsonl', '--json');
    await notesAre(p, 1);
    // When the file is truncated in place, then written again
    truncateSync(file, 0);
    await w.stderr('live.jsonl: truncated; reading it again from the start');
    appendFileSync(file, '{broken\n' + firingBatch(2000, 'b'));
    // Then what was written after the truncation is read from its first byte
    await notesAre(p, 2);
    const r = await w.stop();
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ records: 6, bad: [{ line: 1, reason: 'not JSON', file: 2 }], restarts: ['truncated'], firings: [{ outcome: 'opened' }, { outcome: 'appended' }] });
    expect(notices(r.stderr)).toBe('live.jsonl: truncated; reading it again from the start\nlive.jsonl:1: skipped: not JSON (file 2 read at that path)');
  }, patience(60_000));

  it('counts what was appended to the rotated file before the switch, its last line (no newline) kept apart from the new file', async () => {
    const p = fresh();
    const file = join(p.dir, 'live.jsonl');
    writeFileSync(file, firingBatch(0, 'a'));
    const w = follow(p, 'live.jsonl');
    await w.stdout('opened INC-2026-0001');
    // When the writer still appends to the renamed file (its last record without a newline), then the new file appears
    renameSync(file, `${file}.1`);
    appendFileSync(`${file}.1`, line(7, 'late1', 'rejected') + line(8, 'late2', 'rejected').trimEnd());
    writeFileSync(file, firingBatch(2000, 'b'));
    await w.stdout('added to INC-2026-0001');
    const r = await w.stop();
    // Then both late records count, none glued to the new file's first line
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('read 8 records, 0 bad line(s); 2 rule firing(s)');
    expect(notices(r.stderr)).toBe('live.jsonl: rotated (a new file at that path); reading it from the start');
  }, patience(60_000));

  it('waits for a path that is gone (saying so once) and reads the file that appears there', async () => {
    const p = fresh();
    const file = join(p.dir, 'live.jsonl');
    writeFileSync(file, firingBatch(0, 'a'));
    const w = follow(p, 'live.jsonl');
    await w.stdout('opened INC-2026-0001');
    // When the file is moved away and nothing replaces it for a while
    renameSync(file, `${file}.1`);
    await w.stderr('live.jsonl: gone (moved or deleted); waiting for a file at that path');
    // Then the file that appears there later is read
    writeFileSync(file, firingBatch(2000, 'b'));
    await w.stdout('added to INC-2026-0001');
    const r = await w.stop();
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('read 6 records, 0 bad line(s); 2 rule firing(s)');
    expect(notices(r.stderr)).toBe('live.jsonl: gone (moved or deleted); waiting for a file at that path\nlive.jsonl: rotated (a new file at that path); reading it from the start');
  }, patience(60_000));
});
