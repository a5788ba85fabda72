import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { afterEach, describe, expect, it } from 'vitest';
import { act } from '../src/app/act.js';
import { runPaging } from '../src/app/paging.js';
import { loadProject } from '../src/app/project.js';
import { openSession, type Session } from '../src/app/session.js';
import { startIncident } from '../src/app/start-incident.js';
import { ManualClock } from '../src/core/clock.js';
import type { StoredEvent } from '../src/core/events.js';
import { backupOf, duePages, pagingPolicy } from '../src/core/paging.js';
import { reduceIncident } from '../src/core/reducer.js';
import { pagingProject } from './helpers/paging-project.js';
import type { TempProject } from './helpers/project.js';

const projects: TempProject[] = [];
const sessions: Session[] = [];
const stateDir = process.env.AIOPS_STATE_DIR;
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
  for (const p of projects.splice(0)) p.cleanup();
  if (stateDir === undefined) delete process.env.AIOPS_STATE_DIR;
  else process.env.AIOPS_STATE_DIR = stateDir;
});

const T0 = '2026-03-01T02:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms);
/** The schedule as serve ticks it: on the session's clock, moved to T0 + ms first. */
const tickAt = (s: Session, clock: ManualClock, ms: number) => {
  clock.advance(at(ms).getTime() - clock.now().getTime());
  return runPaging(s, clock.now());
};

async function given(): Promise<{ p: TempProject; clock: ManualClock; session: (as: string) => Promise<Session>; id: string; pages: () => string[]; events: () => Promise<StoredEvent[]> }> {
  const p = pagingProject();
  projects.push(p);
  process.env.AIOPS_STATE_DIR = p.stateDir;
  const clock = new ManualClock(T0);
  const project = loadProject({ cwd: p.dir, env: {} });
  const session = async (as: string) => {
    const s = await openSession({ cwd: p.dir, env: {}, as, project, clock, create: true });
    sessions.push(s);
    return s;
  };
  const alice = await session('alice');
  const { state } = await startIncident(alice, { trigger: 'data_leakage', title: 'Leak', service: 'acme', assignOncall: true });
  const log = join(p.stateDir, 'pages.log');
  return {
    p,
    clock,
    session,
    id: state.id,
    pages: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : []),
    events: async () => alice.log.readIncident(state.id),
  };
}

const pageEvents = (events: StoredEvent[]) => events.filter((e) => e.type.startsWith('page.')).map((e) => ({ type: e.type, ...(e.payload as object) }) as { type: string } & Record<string, unknown>);

describe('the paging schedule on a fake clock', () => {
  it('pages the commander on opening, escalates to the backup after ack_within, and an ack stops the chain', async () => {
    // Given an incident opened with alice as the on-call commander (dan is next on call)
    const g = await given();
    const serve = await g.session('alice');

    // When the schedule runs at the opening
    const first = await tickAt(serve, g.clock, 0);
    // Then alice is paged through the hook, once, with her contact and the incident id
    expect(first.filter((t) => t.to === 'alice')).toMatchObject([{ page: 'P1', ok: true, attempt: 1, escalatedFrom: null }]);
    expect(g.pages().filter((l) => l.startsWith('slack:@alice|'))).toHaveLength(1);
    expect(g.pages()[0]).toContain(`|${g.id}|${g.id} SEV1 "Leak" opened: you are the commander|`);

    // When nobody acknowledges for just under 5 minutes, nothing more is sent
    expect(await tickAt(serve, g.clock, 5 * 60_000 - 1)).toEqual([]);
    // When 5 minutes have passed
    const escalated = await tickAt(serve, g.clock, 5 * 60_000);
    // Then dan, alice's backup on the commander rota, is paged, and the page says why
    const toDan = escalated.find((t) => t.to === 'dan' && t.escalatedFrom === 'P1');
    expect(toDan, JSON.stringify(escalated)).toMatchObject({ ok: true, attempt: 1 });
    const sent = pageEvents(await g.events()).find((e) => e.type === 'page.sent' && e.page === toDan!.page);
    expect(sent).toMatchObject({ to: 'dan', contact: 'pager:+15550101', reason: 'opened', escalatedFrom: 'P1' });
    expect(String(sent?.message)).toContain('not acknowledged by alice within 300s');

    // When dan acknowledges
    const dan = await g.session('dan');
    const acked = await act(dan, g.id, { kind: 'ack' });
    expect(acked.events[0]).toMatchObject({ type: 'page.acked', actor: 'dan' });
    expect((acked.events[0]!.payload as { pages: string[] }).pages).toEqual(expect.arrayContaining(['P1', toDan!.page]));
    // Then the chain stops: nothing more for the opening, however long nobody else answers
    const later = await tickAt(serve, g.clock, 60 * 60_000);
    expect(later.filter((t) => t.page === 'P1' || t.escalatedFrom !== null)).toEqual([]);
    // And a second ack has nothing to acknowledge
    await expect(act(dan, g.id, { kind: 'ack', page: 'P1' })).rejects.toThrow(/no page waiting for an ack/);
  });

  it('refuses a blank --page rather than acknowledge every page, and reads a page id in any case', async () => {
    // Given alice's opening page P1 was sent
    const g = await given();
    const serve = await g.session('alice');
    expect((await tickAt(serve, g.clock, 0)).map((t) => t.page)).toContain('P1');
    // When a script acknowledges with an unset $PAGE, Then it is refused (exit 2) and nothing is acknowledged
    const blank = await aiopsInProcess(g.p, ['ack', g.id, '--page', ''], { as: 'alice' });
    expect([blank.exitCode, blank.stderr]).toEqual([2, 'aiops: --page is empty: give a page id such as P3, or leave it out to acknowledge every page']);
    expect(pageEvents(await g.events()).filter((e) => e.type === 'page.acked')).toEqual([]);
    // When dan acknowledges p1, Then it is P1 that is acknowledged
    const acked = await act(await g.session('dan'), g.id, { kind: 'ack', page: 'p1' });
    expect(acked.events[0]).toMatchObject({ type: 'page.acked', payload: { pages: ['P1'] } });
  });

  it('retries a failed page with a doubling backoff, logs each failure, and escalates once every try failed', async () => {
    // Given the page gateway is down
    const g = await given();
    writeFileSync(join(g.p.stateDir, 'down'), '');
    const serve = await g.session('alice');
    const alicePages = async (ms: number) => (await tickAt(serve, g.clock, ms)).filter((t) => t.page === 'P1');

    // When the schedule runs: the first try fails and is logged with the hook's words
    expect(await alicePages(0)).toMatchObject([{ ok: false, attempt: 1 }]);
    const failed = pageEvents(await g.events()).filter((e) => e.type === 'page.failed');
    expect(failed[0]).toMatchObject({ page: 'P1', to: 'alice', attempt: 1 });
    expect(String(failed[0]?.error)).toMatch(/exit 7: gateway down/);
    // Then it is tried again after 30s, not before; then after 60s more, not before
    expect(await alicePages(29_999)).toEqual([]);
    expect(await alicePages(30_000)).toMatchObject([{ ok: false, attempt: 2 }]);
    expect(await alicePages(30_000 + 59_999)).toEqual([]);
    // When the gateway is back before the last try
    rmSync(join(g.p.stateDir, 'down'));
    expect(await alicePages(90_000)).toMatchObject([{ ok: true, attempt: 3 }]);
    const state = reduceIncident(await g.events())!;
    expect(state.pages.find((p) => p.page === 'P1')).toMatchObject({ attempts: 3, sentAt: at(90_000).toISOString(), lastError: null });
  });

  it('a page that fails every try counts as unanswered: the backup is paged at once', async () => {
    const g = await given();
    writeFileSync(join(g.p.stateDir, 'down'), '');
    const serve = await g.session('alice');
    await tickAt(serve, g.clock, 0);
    await tickAt(serve, g.clock, 30_000);
    await tickAt(serve, g.clock, 90_000);
    rmSync(join(g.p.stateDir, 'down'));
    // When the third and last try has failed, the next pass pages dan without waiting ack_within
    const next = await tickAt(serve, g.clock, 91_000);
    expect(next.find((t) => t.escalatedFrom === 'P1')).toMatchObject({ to: 'dan', ok: true });
  });

  it('pages each approver of a requested approval, the owner of an overdue step, and the commander when severity is raised', async () => {
    // Given an incident with a step awaiting approval (pause needs the commander)
    const g = await given();
    const alice = await g.session('alice');
    const policy = pagingPolicy({ hook: 'page' })!;
    await act(alice, g.id, { kind: 'request', step: 'pause' });
    await act(alice, g.id, { kind: 'severity', to: 'SEV2', reason: 'one tenant' });
    await act(alice, g.id, { kind: 'severity', to: 'SEV1', reason: 'two tenants now' });
    g.clock.advance(6 * 60_000);
    const { refreshIncident } = await import('../src/app/act.js');
    const state = await refreshIncident(alice, g.id);
    // When the schedule looks at it
    const due = duePages(state, alice.project.roster, policy, at(6 * 60_000));
    const reasons = due.map((d) => `${d.reason}:${d.to}`);
    // Then: the approval goes to alice (commander), the overdue assign-roles step to its owner, the raise to the commander; the lowering pages nobody
    expect(reasons).toEqual(expect.arrayContaining(['approval:alice', 'overdue:alice', 'severity:alice', 'opened:alice']));
    expect(due.filter((d) => d.reason === 'severity')).toHaveLength(1);
    expect(due.find((d) => d.reason === 'severity')!.message).toContain('SEV2 → SEV1: two tenants now');
    // And a notify: limited to some moments pages only those
    const onlyApprovals = pagingPolicy({ hook: 'page', on: ['approval'] })!;
    expect(duePages(state, alice.project.roster, onlyApprovals, at(6 * 60_000)).map((d) => d.reason)).toEqual(['approval']);
    // And escalation follows the person's own backup first, then the role's on-call order
    expect(backupOf(alice.project.roster, 'bob', 'reviewer')).toBe('carol');
    expect(backupOf({ people: { x: { roles: [], backup: 'y' } }, oncall: {} }, 'x', 'reviewer')).toBe('y');
    expect(backupOf(alice.project.roster, 'erin', 'reviewer')).toBeNull();
  });
});
