import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEventLog } from '../src/store/index.js';
import { aiops } from './helpers/cli.js';
import { BIN, makeProject, REPO, type TempProject } from './helpers/project.js';
import { appendTo } from './helpers/seed-log.js';

const VERIFIER = join(REPO, 'tools', 'verify-export.mjs');
let project: TempProject;
let incidentId: string;

function verifyExport(file: string): { code: number; out: string } {
  const r = spawnSync('node', [VERIFIER, file], { encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout.trim() };
}

function editLine(src: string, dst: string, edit: (lines: string[]) => string[]): string {
  const lines = readFileSync(src, 'utf8').trimEnd().split('\n');
  writeFileSync(dst, `${edit(lines).join('\n')}\n`);
  return dst;
}

beforeAll(async () => {
  project = makeProject();
  const start = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Tenant "B" saw Ä’s invoices', '--service', 'eu', '--json'], { as: 'alice' });
  expect(start.exitCode, start.stderr).toBe(0);
  incidentId = start.json().incident.id;
  await aiops(project, ['incident', 'start', '--trigger', 'unexpected_tool_call', '--title', 'Other', '--service', 'us'], { as: 'dan' });
  const note = await aiops(project, ['incident', 'note', incidentId, 'unicode ✓ \u2028 and "quotes" and \\ backslash 🚨'], { as: 'bob' });
  expect(note.exitCode, note.stderr).toBe(0);
  const approve = await aiops(project, ['incident', 'approve', incidentId, 'pause'], { as: 'alice' });
  expect(approve.exitCode, approve.stderr).toBe(0);
});
afterAll(() => project?.cleanup());

describe('evidence export + tools/verify-export.mjs (no aiops needed)', () => {
  it('the verifier is small and uses only the Node standard library', () => {
    const src = readFileSync(VERIFIER, 'utf8');
    expect(src.split('\n').filter((l) => l.trim()).length).toBeLessThanOrEqual(30);
    const imports = [...src.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports.every((m) => m!.startsWith('node:'))).toBe(true);
  });

  it('an incident export and a whole-log export both verify, and agree with aiops', async () => {
    // When one incident, and then the whole log, are exported to files
    const one = await aiops(project, ['evidence', 'export', incidentId, '-o', 'one.jsonl']);
    const all = await aiops(project, ['evidence', 'export', '-o', 'all.jsonl']);
    expect(one.exitCode, one.stderr).toBe(0);
    expect(all.exitCode, all.stderr).toBe(0);
    // Then the header states the algorithm and the head, and the standalone verifier accepts both
    const header = JSON.parse(readFileSync(join(project.dir, 'one.jsonl'), 'utf8').split('\n')[0]!);
    expect(header.aiops_evidence_export).toBe(1);
    expect(header.algorithm).toContain('RFC 8785');
    expect(header.incident).toBe(incidentId);
    const a = verifyExport(join(project.dir, 'one.jsonl'));
    const b = verifyExport(join(project.dir, 'all.jsonl'));
    expect(a, a.out).toEqual({ code: 0, out: `ok: ${header.events} events, head ${header.head}` });
    expect(b.code, b.out).toBe(0);
    const verify = await aiops(project, ['evidence', 'verify', '--json']);
    expect(b.out).toContain(verify.json().head.hash);
  });

  it('detects an edited line, a reordered line, a dropped line and a truncated tail in an export', async () => {
    await aiops(project, ['evidence', 'export', '-o', 'all.jsonl', '--force']);
    await aiops(project, ['evidence', 'export', incidentId, '-o', 'one.jsonl', '--force']);
    const src = join(project.dir, 'all.jsonl');
    const at = (name: string) => join(project.dir, name);
    const edited = editLine(src, at('edited.jsonl'), (l) => l.map((x, i) => (i === 3 ? x.replace('"actor":"', '"actor":"x') : x)));
    const swapped = editLine(src, at('swapped.jsonl'), (l) => [l[0]!, l[1]!, l[3]!, l[2]!, ...l.slice(4)]);
    const dropped = editLine(src, at('dropped.jsonl'), (l) => l.filter((_, i) => i !== 2));
    const truncated = editLine(src, at('truncated.jsonl'), (l) => l.slice(0, -2));
    expect(verifyExport(edited)).toEqual({ code: 1, out: 'TAMPERED: seq 3: hash mismatch (content edited)' });
    expect(verifyExport(swapped)).toEqual({ code: 1, out: 'TAMPERED: seq 2: missing or moved (found seq 3 in its place)' });
    expect(verifyExport(dropped)).toEqual({ code: 1, out: 'TAMPERED: seq 2: missing or moved (found seq 3 in its place)' });
    const oneSwapped = editLine(join(project.dir, 'one.jsonl'), at('one-swapped.jsonl'), (l) => [l[0]!, l[2]!, l[1]!, ...l.slice(3)]);
    expect(verifyExport(oneSwapped).out).toMatch(/^TAMPERED: seq \d+: out of order \(after seq \d+\)$/);
    expect(verifyExport(truncated).code).toBe(1);
    expect(verifyExport(truncated).out).toMatch(/^TAMPERED: header says \d+ events, file has \d+$/);
  });

  it('an unknown incident is refused with exit 2', async () => {
    const r = await aiops(project, ['evidence', 'export', 'INC-1999-0042']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('incident INC-1999-0042 not found');
  });
});

describe('file modes of the evidence log', () => {
  it('the database is created 0600 by the binary even under umask 000', () => {
    const p = makeProject();
    try {
      // When a command creates the log from a shell with a permissive umask
      execFileSync('sh', ['-c', `umask 000; exec node "${BIN}" --as alice incident start --trigger data_leakage --title t --service s`], {
        cwd: p.dir,
        env: { ...process.env, AIOPS_DB: '', AIOPS_STATE_DIR: p.stateDir },
        stdio: 'pipe',
      });
      // Then the file (and the -wal/-shm if left behind) is readable and writable by the owner only
      for (const f of [p.db, `${p.db}-wal`, `${p.db}-shm`]) if (existsSync(f)) expect((statSync(f).mode & 0o777).toString(8), f).toBe('600');
      expect(existsSync(p.db)).toBe(true);
    } finally {
      p.cleanup();
    }
  });

  it('the -wal and -shm files of an open log are 0600 too', async () => {
    const p = makeProject();
    const old = process.umask(0);
    const log = await openEventLog(join(p.dir, 'modes', 'aiops.db'), { create: true });
    try {
      await appendTo(log, [{ incidentId: 'INC-T-1', ts: '2026-01-01T00:00:00.000Z', actor: 'system', role: null, type: 'note.added', payload: { text: 'x' } } as never]);
      for (const suffix of ['', '-wal', '-shm']) {
        const f = join(p.dir, 'modes', `aiops.db${suffix}`);
        expect(existsSync(f), f).toBe(true);
        expect((statSync(f).mode & 0o777).toString(8), f).toBe('600');
      }
    } finally {
      await log.close();
      process.umask(old);
      p.cleanup();
    }
  });
});
