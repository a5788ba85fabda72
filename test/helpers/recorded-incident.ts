import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { vi } from 'vitest';
import { approveStep, addNote, workStep } from '../../src/app/incidents.js';
import { loadProject } from '../../src/app/project.js';
import { openSession, type Session } from '../../src/app/session.js';
import { act } from '../../src/app/act.js';
import { startIncident } from '../../src/app/start-incident.js';
import { ManualClock } from '../../src/core/clock.js';
import { PolicyRefusal } from '../../src/core/errors.js';
import type { NewEvent } from '../../src/core/events.js';
import { type EventLog, openEventLog } from '../../src/store/index.js';
import { REPO } from './project.js';
import { appendTo } from './seed-log.js';

export const RECORDED_START = '2026-03-14T01:52:00.000Z';

export interface RecordedIncident {
  dir: string;
  db: string;
  id: string;
  cleanup(): void;
}

/**
 * Replays the recorded fixture incident (fixtures/recorded/project) through the app functions
 * with a fixed clock. Date is frozen while hooks run, so their durations are 0 ms; the events
 * are then replayed into the fixture log with machine-dependent fields fixed, so the whole
 * evidence log, hashes included, is identical on every run.
 */
export async function recordIncident(): Promise<RecordedIncident> {
  const dir = mkdtempSync(join(tmpdir(), 'aiops-recorded-'));
  cpSync(join(REPO, 'fixtures', 'recorded', 'project'), dir, { recursive: true });
  const stateDir = join(dir, 'state');
  mkdirSync(stateDir);
  const clock = new ManualClock(RECORDED_START);
  const savedState = process.env.AIOPS_STATE_DIR;
  const savedCwd = process.cwd();
  process.env.AIOPS_STATE_DIR = stateDir;
  // loadProject reads YAML by its display path, which is relative to the process's cwd.
  process.chdir(dir);
  vi.useFakeTimers({ toFake: ['Date'], now: Date.parse(RECORDED_START) });
  const loaded = loadProject({ cwd: dir, env: {} });
  // Record into a scratch log; the fixture log is a normalised replay of it (see replayNormalised).
  const project = { ...loaded, dbPath: join(dir, '.aiops', 'recording.db') };
  const base = await openSession({ cwd: dir, env: {}, as: 'alice', clock, project, create: true });
  const as = (person: string): Session => ({ ...base, actor: person });
  const at = (offset: string) => clock.set(Date.parse(RECORDED_START) + toMs(offset));
  try {
    const { state } = await startIncident(as('alice'), {
      trigger: 'data_leakage',
      title: 'Tenant B saw Tenant A invoices',
      service: 'tenant-b',
      context: { model: 'gpt-eu-2026-02', prompt: 'support-v14', index: 'eu-2.14' },
    });
    const id = state.id;
    at('45s');
    await act(as('alice'), id, { kind: 'assign', role: 'reviewer', person: 'bob' });
    at('50s');
    await act(as('alice'), id, { kind: 'assign', role: 'model_owner', person: 'carol' });
    at('55s');
    await act(as('alice'), id, { kind: 'assign', role: 'communicator', person: 'dan' });
    at('1m');
    await workStep(as('alice'), id, 'assign-roles', { done: true });
    at('1m30s');
    await expectRefusal(() => approveStep(as('bob'), id, 'pause', { note: 'pausing now' }));
    at('2m');
    await approveStep(as('alice'), id, 'pause', { note: 'PII detector firing and a customer screenshot; pause first' });
    at('2m30s');
    await act(as('alice'), id, { kind: 'status', to: 'mitigated', reason: 'Assistant paused for tenant-b; no new answers served' });
    at('6m');
    await act(as('alice'), id, { kind: 'severity', to: 'SEV1', reason: 'Screenshot of a foreign invoice posted publicly' });
    at('9m');
    await workStep(as('bob'), id, 'leaked', { choose: 'yes', note: '3 of 10 flagged answers quote Tenant A invoices' });
    at('11m');
    await addNote(as('bob'), id, 'Flagged outputs attached | request ids in the file', { attach: ['evidence/flagged-outputs.txt'], cwd: dir });
    at('14m');
    await workStep(as('bob'), id, 'preserve-evidence', { done: true, note: 'Legal hold requested on the request logs' });
    at('20m');
    await workStep(as('carol'), id, 'scope', { done: true, note: '37 answers between 01:40 and 02:21 UTC; only tenant-b users affected' });
    at('22m');
    await approveStep(as('alice'), id, 'rollback-index', { note: 'eu-2.13 kept tenant ids' });
    at('24m');
    await act(as('bob'), id, { kind: 'deny', step: 'rollback-index', reason: 'Rollback drops two days of documents; fix the filter instead' });
    at('26m');
    await act(as('alice'), id, { kind: 'request', step: 'rollback-index' });
    at('27m');
    await approveStep(as('alice'), id, 'rollback-index', { note: 'filter fix needs a deploy; roll back now' });
    at('28m');
    await approveStep(as('alice'), id, 'rollback-index', { override: 'Bob is on the customer call; every minute serves more foreign documents' });
    at('31m');
    await workStep(as('carol'), id, 'rollback-index', { done: true, retry: true });
    at('40m');
    await workStep(as('carol'), id, 'root-cause', { done: true, note: 'Chunker v2.14 dropped tenant_id metadata; the filter fell back to unfiltered search' });
    at('48m');
    await workStep(as('dan'), id, 'update', { done: true, note: 'Sent to both tenant admins and the status page' });
    at('52m');
    await workStep(as('alice'), id, 'close-out', { done: true, note: 'Postmortem owner carol, due in 5 days' });
    at('53m');
    await act(as('alice'), id, { kind: 'status', to: 'resolved', reason: 'Leak stopped and scoped; privacy owns notification' });
    // The postmortem fields the commander fills, and the follow-ups: the first screen of the export answers from these.
    at('1d1h');
    await act(as('alice'), id, {
      kind: 'impact',
      text: '37 answers to tenant-b users quoted Tenant A invoices',
      affected: 'tenant-b assistant users; Tenant A, whose invoices were shown',
      duration: '41 minutes of exposure (01:40-02:21 UTC)',
    });
    await act(as('alice'), id, {
      kind: 'review',
      cause: 'Chunker v2.14 dropped tenant_id metadata, and the retrieval filter fell back to unfiltered search',
      factors: ['No test checks the tenant filter on a rebuilt index', 'The filter fails open when metadata is missing'],
      wentWell: ['Paused within 2 minutes of the alert'],
      wentBadly: ['The rollback needed an override while the reviewer was on the customer call'],
    });
    await act(as('alice'), id, { kind: 'action-add', text: 'Add a tenant filter test to the index rebuild pipeline', owner: 'carol', due: '7d' });
    await act(as('alice'), id, { kind: 'action-add', text: 'Make the retrieval filter fail closed when tenant_id is missing', owner: 'carol', due: '14d' });
    await act(as('alice'), id, { kind: 'action-add', text: 'Re-enable the assistant for tenant-b once the filter fix ships', owner: 'alice', due: '3d' });
    at('1d1h30m');
    await act(as('carol'), id, { kind: 'action-close', action: 'A1', note: 'Test merged and run on eu-3' });
    at('1d2h');
    await act(as('alice'), id, { kind: 'status', to: 'closed', summary: 'Index rebuild dropped tenant metadata; 37 cross-tenant answers. Paused at T+2m, rolled back at T+31m.' });
    await replayNormalised(base.log, id, loaded.dbPath);
    return { dir, db: loaded.dbPath, id, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  } finally {
    await base.close();
    rmSync(project.dbPath, { force: true });
    rmSync(`${project.dbPath}-wal`, { force: true });
    rmSync(`${project.dbPath}-shm`, { force: true });
    vi.useRealTimers();
    process.chdir(savedCwd);
    if (savedState === undefined) delete process.env.AIOPS_STATE_DIR;
    else process.env.AIOPS_STATE_DIR = savedState;
  }
}

/**
 * Copies the recorded events into the fixture log with the fields that depend on the machine
 * (the temp directory a hook ran in, the pid and host of the process that ran it) set to
 * fixed values, so the chain hashes are the same on every machine and run.
 */
async function replayNormalised(from: EventLog, id: string, to: string): Promise<void> {
  const target = await openEventLog(to, { create: true });
  try {
    const events: NewEvent[] = (await from.readIncident(id)).map(({ seq: _seq, prevHash: _p, hash: _h, ...e }) => {
      if (e.type !== 'hook.started') return e as NewEvent;
      const { runner, ...payload } = e.payload;
      return { ...e, payload: { ...payload, cwd: '.', ...(runner ? { runner: { pid: 1, host: 'recorder' } } : {}) } } as NewEvent;
    });
    for (const e of events) {
      if (e.type !== 'note.added') continue;
      for (const a of e.payload.attachments) {
        const blob = (await from.getAttachment(a.sha256))!;
        await target.putAttachment(blob.data, blob.name);
      }
    }
    await appendTo(target, events);
  } finally {
    await target.close();
  }
}

async function expectRefusal(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof PolicyRefusal) return;
    throw err;
  }
  throw new Error('the recording expected a policy refusal here');
}

function toMs(offset: string): number {
  const units: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };
  let ms = 0;
  for (const [, n, u] of offset.matchAll(/(\d+)([dhms])/g)) ms += Number(n) * units[u!]!;
  return ms;
}

export const RECORDED_PROJECT = resolve(REPO, 'fixtures', 'recorded', 'project');
