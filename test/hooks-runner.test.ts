import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HookSpec } from '../src/core/schemas/config.js';
import { resolveHook } from '../src/hooks/resolve-hook.js';
import { HookNotRunnable, runHook } from '../src/hooks/run-hook.js';
import { SECRETS } from './helpers/hook-project.js';
import { REPO } from './helpers/project.js';
import { gone, pidIn } from './helpers/processes.js';

const FIX = join(REPO, 'fixtures', 'hook-tests');


let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aiops-hooks-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const values = (extra: Record<string, unknown> = {}) => ({
  incident: { id: 'INC-2026-0001', title: 'a title', service: 'svc', drill: 'false' },
  params: {},
  ...extra,
});

function hook(spec: Partial<HookSpec> & { command: string[] }, opts: { drill?: boolean; vals?: Record<string, unknown>; env?: Record<string, string> } = {}) {
  return resolveHook('h', { env: ['AIOPS_STATE_DIR'], ...spec } as HookSpec, opts.vals ?? values(), {
    root: REPO,
    parentEnv: { PATH: process.env.PATH, HOME: dir, AIOPS_STATE_DIR: dir, ...opts.env },
    drill: opts.drill ?? false,
  });
}

describe('runHook with real child processes', () => {
  it('runs argv with no shell and only the allowlisted environment', async () => {
    // Given a parent environment holding a secret that is not on the allowlist
    const h = hook({ command: [`${FIX}/dump-argv.sh`, 'a b', '$(touch x)', '{{params.x}}'] }, { vals: values({ params: { x: '-rf' } }), env: { AWS_SECRET_ACCESS_KEY: 'nope' } });
    // When it runs
    const r = await runHook(h, { redact: [] });
    // Then it succeeded and got exactly the argv elements, and the secret variable never reached it
    expect(r.simulated).toBe(false);
    if (r.simulated) return;
    expect(r.ok).toBe(true);
    const dump = readFileSync(join(dir, 'argv.bin'), 'utf8').split('\0');
    expect(dump.slice(2, 5)).toEqual(['a b', '$(touch x)', '-rf']);
    expect(h.env.AWS_SECRET_ACCESS_KEY).toBeUndefined();
    expect(Object.keys(h.env).every((k) => ['PATH', 'HOME', 'AIOPS_STATE_DIR'].includes(k) || k.startsWith('AIOPS_'))).toBe(true);
  });

  it('reports a failing exit as a failure with its stderr', async () => {
    const r = await runHook(hook({ command: [`${FIX}/fail.sh`, '3'] }), { redact: [] });
    expect(r).toMatchObject({ simulated: false, ok: false, exitCode: 3, timedOut: false });
    if (!r.simulated) expect(r.stderr).toContain('503');
  });

  it('ends the whole tree on timeout, a grandchild ignoring SIGTERM included', async () => {
    // Given a hook whose child and grandchild both ignore SIGTERM
    const h = hook({ command: [`${FIX}/ignore-term-tree.sh`], timeout: '400ms' });
    // When its timeout passes
    const started = Date.now();
    const r = await runHook(h, { redact: [], graceMs: 300 });
    // Then it is a visible failure, and both processes are gone
    expect(r).toMatchObject({ simulated: false, ok: false, timedOut: true });
    if (!r.simulated) expect(r.error).toMatch(/timed out after 400 ms; process tree ended/);
    expect(Date.now() - started).toBeLessThan(15_000);
    const child = pidIn(join(dir, 'child.pid'));
    const grandchild = pidIn(join(dir, 'grandchild.pid'));
    expect(gone(child)).toBe(true);
    expect(gone(grandchild)).toBe(true);
  });

  it('finds a grandchild that left the process group (setsid) and ends it too', async () => {
    const h = hook({ command: [`${FIX}/ignore-term-tree.sh`, 'escape'], timeout: '400ms' });
    const r = await runHook(h, { redact: [], graceMs: 300 });
    expect(r).toMatchObject({ ok: false, timedOut: true });
    const grandchild = pidIn(join(dir, 'grandchild.pid'));
    expect(gone(grandchild)).toBe(true);
  });

  it('caps huge output at 64 KiB per stream and says how much was cut', async () => {
    // Given a hook printing 5 MiB
    const r = await runHook(hook({ command: [`${FIX}/huge-output.sh`, '5'] }), { redact: [] });
    if (r.simulated) throw new Error('simulated');
    // Then it ran to the end, and the log keeps the head and the tail within the cap
    expect(r.ok).toBe(true);
    expect(r.stdout.startsWith('HEAD-MARK')).toBe(true);
    expect(r.stdout.trimEnd().endsWith('TAIL-MARK')).toBe(true);
    expect(Buffer.byteLength(r.stdout)).toBeLessThan(64 * 1024 + 200);
    expect(r.stdoutCut).toBeGreaterThan(5 * 1024 * 1024 - 64 * 1024 - 100);
    expect(r.stdout).toContain(`${r.stdoutCut} bytes cut`);
    expect(r.stderrCut).toBe(0);
  });

  it('redacts secrets before anything is returned, live output included', async () => {
    // Given a hook that prints secrets, and a team pattern plus an allowlisted token in aiops.yaml
    const live: string[] = [];
    const h = hook({ command: [`${FIX}/print-secrets.sh`], env: ['FLAGS_API_TOKEN'] }, { env: { FLAGS_API_TOKEN: 'zz-env-only-token-4711' } });
    const r = await runHook(h, { redact: ['tenant-secret-[A-Z0-9]+'], onOutput: (t) => live.push(t) });
    if (r.simulated) throw new Error('simulated');
    // Then none of them is in stdout, stderr or what was shown live
    const all = `${r.stdout}\n${r.stderr}\n${live.join('')}`;
    for (const s of SECRETS) expect(all, s).not.toContain(s);
    expect(r.stdout).toContain('[REDACTED]');
    // (secretlint's preset reports a connection string with a password whole)
    expect(r.stdout).toContain('db url [REDACTED]\n');
  });

  it('simulates in a drill unless the hook says drill: run, whoever calls it', async () => {
    const sentinel = join(dir, 'argv.bin');
    const simulated = await runHook(hook({ command: [`${FIX}/dump-argv.sh`, 'x'] }, { drill: true }), { redact: [] });
    expect(simulated).toEqual({ simulated: true });
    expect(existsSync(sentinel)).toBe(false);
    const ran = await runHook(hook({ command: [`${FIX}/dump-argv.sh`, 'x'], drill: 'run' }, { drill: true }), { redact: [] });
    expect(ran.simulated).toBe(false);
    expect(existsSync(sentinel)).toBe(true);
  });

  it('treats a hook that cannot tell whether it is a drill as a drill', async () => {
    const h = resolveHook('h', { command: [`${FIX}/dump-argv.sh`] }, { incident: { id: 'X' } }, { root: REPO, parentEnv: {} });
    expect(h.drill).toBe(true);
    expect(await runHook(h, { redact: [] })).toEqual({ simulated: true });
  });

  it('refuses to run with a missing value, a templated program or a NUL in an argument', async () => {
    const missing = hook({ command: [`${FIX}/dump-argv.sh`, '{{params.tenant}}'] });
    await expect(runHook(missing, { redact: [] })).rejects.toThrow(HookNotRunnable);
    const templated = hook({ command: ['{{params.x}}'] }, { vals: values({ params: { x: '/bin/touch' } }) });
    expect(templated.problems[0]).toMatch(/program .* is a template/);
    await expect(runHook(templated, { redact: [] })).rejects.toThrow(/never choose the program/);
    const nul = hook({ command: [`${FIX}/dump-argv.sh`, '{{params.x}}'] }, { vals: values({ params: { x: 'a\0b' } }) });
    await expect(runHook(nul, { redact: [] })).rejects.toThrow(/NUL byte/);
    expect(existsSync(join(dir, 'argv.bin'))).toBe(false);
  });

  it('a NUL that reached an argument through a playbook param names the incident field it came from, and its fix', () => {
    // Given a param filled from the incident's service (tenant: "{{incident.service}}"), whose service holds a NUL
    const service = 'acme\0eu';
    const h = hook({ command: [`${FIX}/dump-argv.sh`, '--tenant', '{{params.tenant}}'] }, { vals: values({ incident: { id: 'INC-2026-0001', title: 't', service, drill: 'false' }, params: { tenant: service } }) });
    // Then the problem says where the NUL came from and how the commander repairs it
    expect(h.problems).toEqual([
      'argument 2 ("{{params.tenant}}") holds a NUL byte, which no program can receive (from {{params.tenant}}; {{incident.service}} holds a NUL too); the commander can change it: aiops incident edit INC-2026-0001 --service "..." --reason "..."',
    ]);
  });

  it('keeps running when only the AIOPS_* copy of a value is unusable (NUL, huge)', async () => {
    const h = hook({ command: [`${FIX}/dump-argv.sh`] }, { vals: values({ incident: { id: 'I', title: 'a\0b', service: 'x'.repeat(70_000), drill: 'false' } }) });
    expect(h.droppedEnv.sort()).toEqual(['AIOPS_INCIDENT_SERVICE', 'AIOPS_INCIDENT_TITLE']);
    const r = await runHook(h, { redact: [] });
    expect(r).toMatchObject({ ok: true });
  });

  it('reports a program that is missing or not executable without crashing', async () => {
    const r = await runHook(hook({ command: [`${FIX}/no-such-script.sh`] }), { redact: [] });
    expect(r).toMatchObject({ ok: false, exitCode: null });
    if (!r.simulated) expect(r.error).toMatch(/not found/);
  });

  it('does not wait for a background process the hook left holding its output', async () => {
    // Given a hook that exits as soon as it left a SIGTERM-ignoring process with its stdout (it
    // waits for the leftover's pid file, not for a fixed time: on a loaded machine 0.1 s was not enough)
    const h = hook({
      command: ['/bin/sh', '-c', 'sh -c \'trap "" TERM; echo $$ > "$AIOPS_STATE_DIR/bg.tmp"; mv "$AIOPS_STATE_DIR/bg.tmp" "$AIOPS_STATE_DIR/bg.pid"; exec sleep 30\' & until [ -s "$AIOPS_STATE_DIR/bg.pid" ]; do sleep 0.01; done; echo done'],
      timeout: '20s',
    });
    const started = Date.now();
    const r = await runHook(h, { redact: [], graceMs: 300 });
    // Then the hook's own result counts, aiops did not wait 30 s, and the leftover is gone
    expect(r).toMatchObject({ ok: true, exitCode: 0 });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(gone(pidIn(join(dir, 'bg.pid')))).toBe(true);
  });
});
