import { appendFileSync, chmodSync, closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { aiops } from './helpers/cli.js';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { BIN, type TempProject } from './helpers/project.js';
import { patience } from './helpers/patience.js';
import { watchProject } from './helpers/watch-project.js';
import { needProgram } from './helpers/system-programs.js';

// Root reads anything: as root the unreadable-file check runs without the capabilities that let it.
const asRoot = process.getuid?.() === 0;
const setpriv = asRoot ? needProgram('setpriv') : { skip: false as const, path: undefined };
const reader = asRoot ? ['setpriv', '--bounding-set', '-dac_override,-dac_read_search'] : [];

const projects: TempProject[] = [];
afterAll(() => projects.forEach((p) => p.cleanup()));

const fresh = () => watchProject(projects);

const line = (sec: number, id: string, review: string, extra: Record<string, unknown> = {}) =>
  `${JSON.stringify({ ts: new Date(Date.parse('2026-03-02T09:00:00Z') + sec * 1000).toISOString(), service: 'shop-assistant', request_id: id, review, ...extra })}\n`;

describe('aiops watch (issue 19)', () => {
  it('reads stdin, reports bad lines by number, opens one incident with the figures, then adds to it', async () => {
    const p = fresh();
    // Given telemetry with a bad line, a hostile request id and an unknown field
    const input = [line(0, 'a', 'rejected', { x_team: 'blue' }), '{broken\n', line(10, 'b\u001b[31m', 'rejected'), line(20, 'c', 'approved'), '\n', '"text"\n'].join('');
    // When it is watched from stdin through the binary
    const r = await aiops(p, ['watch', '-'], { as: 'alice', input });
    // Then the rule fired and opened an incident with its trigger and service
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toBe('rejections-up fired on shop-assistant: rejection_rate 0.6667 above 0.5 over 10m (2 of 3) - opened INC-2026-0001\nread 3 records, 2 bad line(s) (line 2, 6); 1 rule firing(s)');
    expect(r.stderr).toBe([
      "warning: shop-assistant's technical owner is alice: consider giving them model_owner on INC-2026-0001",
      "warning: shop-assistant's business owner is dan: tell them, and note on INC-2026-0001 that you did",
      '-:2: skipped: not JSON',
      '-:6: skipped: not a JSON object',
    ].join('\n'));
    const shown = await aiopsInProcess(p, ['incident', 'show', 'INC-2026-0001', '--json']);
    const inc = shown.json();
    expect(inc.incident).toMatchObject({ trigger: 'hallucinated_commitment', service: 'shop-assistant', context: { watch_rule: 'rejections-up' } });
    // And the note names the figures and the offending ids; the attachment keeps every id as given
    const events = (await aiopsInProcess(p, ['evidence', 'export', 'INC-2026-0001'])).stdout.trim().split('\n').slice(1).map((l) => JSON.parse(l));
    const note = events.find((e) => e.type === 'note.added');
    expect(note.payload.text).toBe('drift rule rejections-up: rejection_rate 0.6667 above 0.5 over 10m (2 of 3 requests, 2026-03-02T09:00:00.000Z to 2026-03-02T09:00:20.000Z); offending requests: a, b\u001b[31m');
    const att = note.payload.attachments[0];
    const blob = await aiopsInProcess(p, ['evidence', 'attachment', att.sha256, '-o', join(p.dir, 'att.json')]);
    expect(blob.exitCode, blob.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(p.dir, 'att.json'), 'utf8'))).toMatchObject({ offending: ['a', 'b\u001b[31m'], count: 3, hits: 2, definition: 'rejected / requests with a review' });

    // When the rule fires again on later telemetry, in a second run
    const file = join(p.dir, 'later.jsonl');
    writeFileSync(file, [line(900, 'd', 'rejected'), line(901, 'e', 'rejected'), line(902, 'f', 'approved')].join(''));
    const second = await aiopsInProcess(p, ['watch', file, '--json'], { as: 'alice' });
    // Then it adds to the open incident instead of opening another
    expect(second.exitCode, second.stderr).toBe(0);
    expect(second.json().firings).toEqual([expect.objectContaining({ outcome: 'appended', incidentId: 'INC-2026-0001', offending: ['d', 'e'] })]);
    expect((await aiopsInProcess(p, ['incident', 'list', '--json'])).json().incidents).toHaveLength(1);
    expect((await aiopsInProcess(p, ['evidence', 'verify'])).exitCode).toBe(0);
  });

  it('skips a record whose drill is not a boolean as a bad line, by number, instead of counting it as production traffic', async () => {
    const p = fresh();
    // Given three rejections, one of them marked drill with a string
    const input = [line(0, 'a', 'rejected'), line(10, 'b', 'rejected', { drill: 'true' }), line(20, 'c', 'rejected'), line(30, 'd', 'approved', { drill: 1 })].join('');
    // When it is watched
    const r = await aiops(p, ['watch', '-'], { as: 'alice', input });
    // Then the two lines are bad lines, and the rule (min_count 3) has too few records to fire
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toBe('read 2 records, 2 bad line(s) (line 2, 4); 0 rule firing(s)');
    expect(r.stderr).toBe('-:2: skipped: drill is not true or false\n-:4: skipped: drill is not true or false');
  });

  it("names the service's owners under the firing that opened its incident, as incident start does", async () => {
    const p = fresh();
    // Given shop-assistant's owners in the roster (business dan, technical alice) and telemetry that fires twice
    const first = [line(0, 'a', 'rejected'), line(10, 'b', 'rejected'), line(20, 'c', 'approved')].join('');
    // When it is watched in text mode, the output of both streams in the order written: both are one
    // open file, so it holds the writes in their order (two pipes merged afterwards follow the scheduler)
    const outFile = join(p.dir, 'watch-output.txt');
    const out = openSync(outFile, 'w');
    let exitCode: number | null;
    try {
      const child = spawn('node', [BIN, '--as', 'alice', 'watch', '-'], {
        cwd: p.dir,
        stdio: ['pipe', out, out],
        env: { ...process.env, AIOPS_STATE_DIR: p.stateDir, NO_COLOR: '1', AIOPS_DB: '', AIOPS_CONFIG: '' },
      });
      child.stdin!.end(first);
      exitCode = await new Promise<number | null>((resolve, reject) => child.on('error', reject).on('close', resolve));
    } finally {
      closeSync(out);
    }
    const written = readFileSync(outFile, 'utf8');
    // Then each owner is named under the firing line, as warnings, as incident start names them
    expect(exitCode, written).toBe(0);
    expect(written).toBe([
      'rejections-up fired on shop-assistant: rejection_rate 0.6667 above 0.5 over 10m (2 of 3) - opened INC-2026-0001',
      "warning: shop-assistant's technical owner is alice: consider giving them model_owner on INC-2026-0001",
      "warning: shop-assistant's business owner is dan: tell them, and note on INC-2026-0001 that you did",
      'read 3 records, 0 bad line(s); 1 rule firing(s)',
      '',
    ].join('\n'));
    // And with --json they are in firings[].warnings only, with nothing on stderr
    const json = await aiops(fresh(), ['watch', '-', '--json'], { as: 'alice', input: first });
    expect(json.stderr).toBe('');
    expect(json.json().firings[0].warnings).toEqual([expect.stringContaining('technical owner is alice'), expect.stringContaining('business owner is dan')]);
  });

  it('says how many records arrived too late for their window, counting them in none (out of order fires nothing that in order would not)', async () => {
    // Given 19 approvals, then 6 rejections from an hour earlier
    const input = [...Array.from({ length: 19 }, (_, i) => line(3600 + i, `n${i}`, 'approved')), ...Array.from({ length: 6 }, (_, i) => line(i, `late${i}`, 'rejected'))].join('');
    const r = await aiops(fresh(), ['watch', '-'], { as: 'alice', input });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toBe('read 25 records, 0 bad line(s); 0 rule firing(s); 6 record(s) arrived too late for their window');
    const j = await aiops(fresh(), ['watch', '-', '--json'], { as: 'alice', input });
    expect(j.json()).toMatchObject({ records: 25, late: 6, firings: [] });
  });

  it('names a path it cannot read (a directory, a missing or unreadable file) with exit 2', async () => {
    // (in-process; the unreadable file is read by the binary as another user)
    const p = fresh();
    const dir = await aiopsInProcess(p, ['watch', p.dir], { as: 'alice' });
    expect([dir.exitCode, dir.stderr]).toEqual([2, `aiops: ${p.dir} is a directory; watch reads a telemetry file (JSON lines)`]);
    const missing = await aiopsInProcess(p, ['watch', 'nope.jsonl'], { as: 'alice' });
    expect([missing.exitCode, missing.stderr]).toEqual([2, 'aiops: nope.jsonl: no such file']);
    // A blank FILE is named as blank, not as the working directory it would resolve to
    for (const blank of ['', '  ']) {
      const r = await aiopsInProcess(p, ['watch', blank], { as: 'alice' });
      expect([r.exitCode, r.stderr.split('\n')[0]]).toEqual([2, 'aiops: FILE is blank']);
    }
    if (setpriv.skip) return;
    writeFileSync(join(p.dir, 'secret.jsonl'), line(0, 'a', 'rejected'));
    chmodSync(join(p.dir, 'secret.jsonl'), 0o000);
    const unreadable = await aiops(p, ['watch', 'secret.jsonl'], { as: 'alice', prefix: reader });
    expect([unreadable.exitCode, unreadable.stderr]).toEqual([2, 'aiops: secret.jsonl: permission denied (watch needs to read it)']);
  });

  it('skips a line over 1 MiB as a bad line, and an endless one (/dev/zero) in bounded memory until SIGTERM', async () => {
    const p = fresh();
    writeFileSync(join(p.dir, 'long.jsonl'), `${line(0, 'a', 'rejected')}${'x'.repeat(3 * 1024 * 1024)}\n${line(1, 'b', 'rejected')}`);
    const long = await aiopsInProcess(p, ['watch', 'long.jsonl'], { as: 'alice' });
    expect([long.exitCode, long.stdout, long.stderr]).toEqual([0, 'read 2 records, 1 bad line(s) (line 2); 0 rule firing(s)', 'long.jsonl:2: skipped: line longer than 1 MiB']);
    if (!existsSync('/proc/self/io')) return;
    const child = execa('node', [BIN, '--as', 'alice', 'watch', '/dev/zero'], { cwd: p.dir, reject: false, env: { AIOPS_STATE_DIR: p.stateDir, NO_COLOR: '1', AIOPS_DB: '', TZ: 'UTC', AIOPS_CONFIG: '' } });
    // once it has read 256 MiB of one endless line, it holds far less than that
    const proc = (file: string, key: string) => Number(new RegExp(`^${key}:\\s*(\\d+)`, 'm').exec(readFileSync(`/proc/${child.pid}/${file}`, 'utf8'))?.[1] ?? 0);
    while (proc('io', 'rchar') < 256 * 1024 * 1024) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(proc('status', 'VmRSS')).toBeLessThan(200 * 1024);
    child.kill('SIGTERM');
    const r = await child;
    expect([r.exitCode, r.stdout, r.stderr]).toEqual([0, 'read 0 records, 1 bad line(s) (line 1); 0 rule firing(s)', '/dev/zero:1: skipped: line longer than 1 MiB']);
  }, patience(60_000));

  it('--follow reads what is appended until interrupted', async () => {
    const p = fresh();
    const file = join(p.dir, 'live.jsonl');
    writeFileSync(file, line(0, 'a', 'rejected'));
    const child = execa('node', [BIN, '--as', 'alice', 'watch', file, '--follow'], { cwd: p.dir, reject: false, env: { AIOPS_STATE_DIR: p.stateDir, NO_COLOR: '1', AIOPS_DB: '', TZ: 'UTC', AIOPS_CONFIG: '', AIOPS_TEST_CLOCK: '1' } });
    let out = '';
    const seen = new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => { out += d.toString(); if (out.includes('opened INC-')) resolve(); }));
    // When more telemetry is appended while it runs
    appendFileSync(file, line(5, 'b', 'rejected'));
    appendFileSync(file, line(6, 'c', 'approved'));
    await seen;
    child.kill('SIGINT');
    const r = await child;
    // Then it fired on the appended lines and, interrupted, printed its summary
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(out).toContain('rejections-up fired on shop-assistant: rejection_rate 0.6667 above 0.5 over 10m (2 of 3) - opened INC-2026-0001');
    expect(out).toContain('read 3 records, 0 bad line(s); 1 rule firing(s)');
  }, patience(60_000));
});
