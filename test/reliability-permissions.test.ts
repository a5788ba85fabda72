import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openEventLog } from '../src/store/index.js';
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { BIN, makeProject, type TempProject } from './helpers/project.js';
import { APPENDER } from './slow/kill-loop.js';

let project: TempProject;
const extraDirs: string[] = [];
afterEach(() => {
  project?.cleanup();
  for (const d of extraDirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const modeOf = (p: string) => statSync(p).mode & 0o777;
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** Runs a command under `umask 022`, the common default that would make new files world-readable. */
function underUmask022(cwd: string, argv: string[], onLine?: (line: string, stdin: NodeJS.WritableStream) => void) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn('sh', ['-c', 'umask 022 && exec "$@"', 'sh', ...argv], { cwd, env: { ...process.env, NO_COLOR: '1', AIOPS_DB: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (c: string) => {
      stdout += c;
      if (onLine) for (const line of c.split('\n')) if (line) onLine(line, child.stdin);
    });
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (!onLine) child.stdin.end();
  });
}

describe('file modes of the evidence log', () => {
  it('creates the database 0600 under umask 022 when the CLI starts an incident', async () => {
    project = makeProject({ withScenarios: false });
    const r = await underUmask022(project.dir, [process.execPath, BIN, '--as', 'alice', 'incident', 'start', '--trigger', 'data_leakage', '--title', 't', '--service', 's']);
    expect(r.code, r.stderr).toBe(0);
    expect(modeOf(project.db).toString(8)).toBe('600');
    // A file created under the same umask without aiops is world-readable, so the check above can fail.
    writeFileSync(join(project.dir, 'control.txt'), 'x');
    expect(modeOf(join(project.dir, 'control.txt')).toString(8)).toBe('644');
  });

  it('keeps the database, -wal and -shm files 0600 while a writer holds them open', async () => {
    project = makeProject({ withScenarios: false });
    const modes: Record<string, string> = {};
    const r = await underUmask022(project.dir, [process.execPath, APPENDER, '--db', project.db, '--incident', 'INC-X', '--count', '5', '--hold'], (line, stdin) => {
      if (line !== 'holding') return;
      for (const suffix of ['', '-wal', '-shm']) {
        const p = `${project.db}${suffix}`;
        modes[suffix || 'db'] = existsSync(p) ? modeOf(p).toString(8) : 'missing';
      }
      stdin.end();
    });
    expect(r.code, r.stderr).toBe(0);
    expect(modes).toEqual({ db: '600', '-wal': '600', '-shm': '600' });
  });

  it('tightens a database someone loosened to 0644 on the next write', async () => {
    project = makeProject({ withScenarios: false });
    const start = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 't', '--service', 's', '--json'], { as: 'alice' });
    const id = start.json().incident.id as string;
    chmodSync(project.db, 0o644);
    const r = await aiops(project, ['incident', 'note', id, 'checking modes'], { as: 'alice' });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(modeOf(project.db).toString(8)).toBe('600');
  });
});

describe('attachments and symbolic links', () => {
  async function openIncident(): Promise<string> {
    project = makeProject({ withScenarios: false });
    const start = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 't', '--service', 's', '--json'], { as: 'alice' });
    expect(start.exitCode, start.stderr).toBe(0);
    return start.json().incident.id as string;
  }

  async function lastSeq(): Promise<number> {
    const log = await openEventLog(project.db, { readonly: true });
    try {
      return (await log.head())?.seq ?? 0;
    } finally {
      await log.close();
    }
  }

  async function storedAttachment(hash: string) {
    const log = await openEventLog(project.db, { readonly: true });
    try {
      return await log.getAttachment(hash);
    } finally {
      await log.close();
    }
  }

  it('stores a normal file by its sha256, byte for byte', async () => {
    const id = await openIncident();
    const content = 'user 4411 saw invoice of tenant A\n\u0000binary tail';
    writeFileSync(join(project.dir, 'output.txt'), content);
    const r = await aiops(project, ['incident', 'note', id, 'offending output', '--attach', 'output.txt', '--json'], { as: 'bob' });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.json().attachments).toEqual([{ sha256: sha256(content), name: 'output.txt', size: Buffer.byteLength(content) }]);
    expect((await storedAttachment(sha256(content)))?.data.toString()).toBe(content);
  });

  it('refuses a symlink that points outside its directory, and records nothing', async () => {
    const id = await openIncident();
    const outside = mkdtempSync(join(tmpdir(), 'aiops-outside-'));
    extraDirs.push(outside);
    writeFileSync(join(outside, 'secret.txt'), 'private key material');
    symlinkSync(join(outside, 'secret.txt'), join(project.dir, 'innocent.txt'));
    const before = await lastSeq();
    const r = await aiops(project, ['incident', 'note', id, 'see attached', '--attach', 'innocent.txt'], { as: 'bob' });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/innocent\.txt is a symbolic link to .*secret\.txt, outside/);
    expect(r.stdout).toBe('');
    expect(await lastSeq()).toBe(before);
    expect(await storedAttachment(sha256('private key material'))).toBeUndefined();
  });

  it('refuses a symlink that climbs out of a subdirectory with ../', async () => {
    const id = await openIncident();
    writeFileSync(join(project.dir, 'above.txt'), 'not in evidence/');
    mkdirSync(join(project.dir, 'evidence'));
    symlinkSync('../above.txt', join(project.dir, 'evidence', 'log.txt'));
    const r = await aiops(project, ['incident', 'note', id, 'x', '--attach', 'evidence/log.txt'], { as: 'bob' });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/symbolic link .*outside/);
  });

  it('follows a symlink that stays inside its directory', async () => {
    const id = await openIncident();
    mkdirSync(join(project.dir, 'evidence'));
    writeFileSync(join(project.dir, 'evidence', 'req-123.json'), '{"request":123}');
    symlinkSync('req-123.json', join(project.dir, 'evidence', 'latest.json'));
    const r = await aiops(project, ['incident', 'note', id, 'latest request', '--attach', 'evidence/latest.json', '--json'], { as: 'bob' });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.json().attachments[0]).toMatchObject({ sha256: sha256('{"request":123}'), name: 'latest.json' });
  });

  it('names a symlink loop instead of hanging or crashing', async () => {
    const id = await openIncident();
    symlinkSync('b.txt', join(project.dir, 'a.txt'));
    symlinkSync('a.txt', join(project.dir, 'b.txt'));
    const r = await aiops(project, ['incident', 'note', id, 'x', '--attach', 'a.txt'], { as: 'bob' });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/symbolic link loop/);
  });
});
