import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportIncident } from '../src/app/export-incident.js';
import { makeRedactor } from '../src/hooks/redact.js';
import type { NewEvent } from '../src/core/events.js';
import { aiops } from './helpers/cli.js';
import { recordIncident } from './helpers/recorded-incident.js';
import { appendEvents } from './helpers/seed-log.js';

const FORMATS = ['md', 'json', 'html'] as const;
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe('secrets in hook output never reach an export', () => {
  it('the fixture hook prints an API key, a bearer token and an account id; no format shows them', async () => {
    // Given the recorded incident, whose pause-feature hook echoed fake credentials
    const rec = await recordIncident();
    cleanups.push(rec.cleanup);
    for (const format of FORMATS) {
      // When it is exported through the binary
      const r = await aiops({ dir: rec.dir, stateDir: join(rec.dir, 'state') }, ['export', rec.id, '--format', format]);
      expect(r.exitCode, r.stderr).toBe(0);
      // Then the redaction marker is there and the secrets are not
      expect(r.stdout).toContain('[REDACTED]');
      for (const secret of ['sk-live-4f9a8b7c6d5e4f3a2b1c0d9e', 'fxT0k3nAbCdEfGhIjKlMnOp', 'acct-4417829', '4f9a8b7c6d5e']) {
        expect(r.stdout, `${format} leaks ${secret}`).not.toContain(secret);
      }
    }
  });

  it('redacts again at export: a log written without redaction (older aiops, fewer patterns) still exports clean', async () => {
    // Given a log whose hook output, argv, note and deny reason hold raw secrets
    const dir = mkdtempSync(join(tmpdir(), 'aiops-secrets-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const db = join(dir, 'aiops.db');
    const ts = (s: number) => new Date(Date.UTC(2026, 2, 14, 2, 0, s)).toISOString();
    const base = { incidentId: 'INC-2026-0042', actor: 'alice', role: 'commander' };
    const events = [
      {
        ...base,
        type: 'incident.opened',
        ts: ts(0),
        payload: {
          title: 'Leaky hook',
          service: 'svc',
          severity: 'SEV2',
          trigger: 'data_leakage',
          playbook: { id: 'p', version: '1.0.0', sha256: 'a'.repeat(64) },
          playbookContent: { id: 'p', version: '1.0.0', title: 'P', owner: 'o', triggers: [], roles: ['commander'], steps: [] },
          approvals: {},
          context: { token: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789' },
          selection: { reason: 'explicit' },
        },
      },
      { ...base, type: 'hook.started', ts: ts(1), payload: { run: 'run-1', hook: 'h', step: null, argv: ['curl', '-H', 'Authorization: Bearer abcdefghijklmnop1234'], env: [], cwd: '.', retry: false } },
      {
        ...base,
        type: 'hook.finished',
        ts: ts(2),
        payload: {
          run: 'run-1', hook: 'h', step: null, ok: false, exitCode: 1, signal: null, timedOut: false, durationMs: 5,
          stdout: 'using key sk-live-4f9a8b7c6d5e4f3a2b1c0d9e\n', stderr: 'password=hunter2hunter2\n', stdoutCut: 0, stderrCut: 0,
        },
      },
      { ...base, type: 'note.added', ts: ts(3), payload: { text: 'rotated AKIAABCDEFGHIJKLMNOP after the leak', attachments: [] } },
      { ...base, type: 'approval.denied', ts: ts(4), payload: { step: 's', hook: null, role: 'reviewer', reason: 'xoxb-1234567890-abcdef pasted in chat' } },
    ] as NewEvent[];
    await appendEvents(db, events);
    for (const format of FORMATS) {
      // When it is exported
      const text = (await exportIncident({ dbPath: db, id: 'INC-2026-0042', format })).parts.join('');
      // Then none of the raw secrets survive
      for (const secret of ['ghp_abcdefghij', 'abcdefghijklmnop1234', '4f9a8b7c6d5e', 'hunter2', 'AKIAABCDEFGH', 'xoxb-1234567890']) {
        expect(text, `${format} leaks ${secret}`).not.toContain(secret);
      }
      expect(text).toContain('[REDACTED]');
    }
    // And the same through the binary, where secretlint's preset scans on a worker thread while the
    // export renders, and a find (the AWS key, the Slack token) makes it render again
    for (const format of FORMATS) {
      const r = await aiops({ dir, stateDir: join(dir, 'state') }, ['export', 'INC-2026-0042', '--format', format], { env: { AIOPS_DB: db } });
      expect(r.exitCode, r.stderr).toBe(0);
      for (const secret of ['ghp_abcdefghij', 'abcdefghijklmnop1234', '4f9a8b7c6d5e', 'hunter2', 'AKIAABCDEFGH', 'xoxb-1234567890']) {
        expect(r.stdout, `${format} leaks ${secret}`).not.toContain(secret);
      }
      expect(r.stdout).toContain('[REDACTED]');
    }
    // And the evidence itself is untouched: the export redacts, it does not rewrite the log
    expect(readFileSync(db).includes(Buffer.from('hunter2hunter2'))).toBe(true);
  });

  it('the export redactor catches what the built-in patterns catch, including the lookbehind ones', () => {
    const redact = makeRedactor(['acct-[0-9]{6,}']);
    expect(redact('db at postgres://svc:pa55w0rd-x@db.internal/app')).toBe('db at postgres://svc:[REDACTED]@db.internal/app');
    expect(redact('config: password = hunter22 and api_key: "k3yk3yk3y"')).not.toMatch(/hunter22|k3yk3yk3y/);
    expect(redact('job acct-4417829 failed')).toBe('job [REDACTED] failed');
    expect(redact('nothing secret about a 10m wait')).toBe('nothing secret about a 10m wait');
  });
});
