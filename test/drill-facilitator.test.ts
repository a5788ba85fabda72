import { afterEach, describe, expect, it } from 'vitest';
import { drillStatus, endDrill, judgeExpectation, pauseDrill, readDrill, resolveScenario, resumeDrill, startDrill } from '../src/app/drills.js';
import { loadProject } from '../src/app/project.js';
import { openSession, type Session } from '../src/app/session.js';
import { act } from '../src/app/act.js';
import { ManualClock } from '../src/core/clock.js';
import { PolicyRefusal, UserError } from '../src/core/errors.js';
import type { EventOf } from '../src/core/events.js';
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';
import { patience } from './helpers/patience.js';

let project: TempProject;
let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
  project?.cleanup();
});

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const MIN = 60_000;

/** A drill of wrong-tenant-leak on a manual real clock, started by alice; `as(name)` acts as another participant. */
async function drill(opts: { speed?: number; facilitator?: string } = {}) {
  project = makeProject();
  const real = new ManualClock(T0);
  session = await openSession({ cwd: project.dir, env: {}, as: 'alice', clock: real, project: loadProject({ cwd: project.dir, env: {} }), create: true });
  const started = await startDrill(session, resolveScenario(session.project, 'wrong-tenant-leak', project.dir), opts);
  const as = (actor: string): Session => ({ ...session!, actor });
  return { real, id: started.state.id, started, as };
}

const offset = (ts: string) => Date.parse(ts) - T0;

describe('a drill has a facilitator, not a free commander', () => {
  it('Given alice starts a drill, Then she is its facilitator, nobody holds commander, and commander-named is not met for nothing', async () => {
    const { id, started } = await drill({ speed: 10 });
    expect(started.state.drill?.facilitator).toBe('alice');
    expect(started.state.roles.commander).toBeUndefined();
    const st = await drillStatus(session!, id);
    expect(st.live.results.find((r) => r.id === 'commander-named')?.outcome).toBe('missed');
  });

  it('Given nobody holds commander, Then any participant may take it; once held, only the commander (or the facilitator) assigns', async () => {
    const { id, as } = await drill();
    const taken = await act(as('bob'), id, { kind: 'assign', role: 'commander', person: 'bob' });
    expect(taken.state.roles.commander?.person).toBe('bob');
    await expect(act(as('carol'), id, { kind: 'assign', role: 'commander', person: 'carol' })).rejects.toThrow(PolicyRefusal);
    const seated = await act(session!, id, { kind: 'assign', role: 'reviewer', person: 'carol' });
    expect(seated.state.roles.reviewer?.person).toBe('carol');
  });

  it('Given a drill, When a participant judges, Then it is refused and logged; the facilitator judges once, and changes it only with a reason', async () => {
    const { id, as } = await drill();
    // A participant (bob holds reviewer) may not judge
    await act(session!, id, { kind: 'assign', role: 'reviewer', person: 'bob' });
    await expect(judgeExpectation(as('bob'), id, 'update-clear', true)).rejects.toThrow(PolicyRefusal);
    // The facilitator judges
    await judgeExpectation(session!, id, 'update-clear', true, 'clear and short');
    // Judging again without a reason is refused as bad input, and nothing changes
    await expect(judgeExpectation(session!, id, 'update-clear', false)).rejects.toThrow(/already judged met by alice.*final/);
    // With a reason it is re-judged, and the log keeps why
    await judgeExpectation(session!, id, 'update-clear', false, undefined, 'it promised a fix date we cannot keep');
    const d = await readDrill(session!, id);
    const judged = d.events.filter((e): e is EventOf<'drill.judged'> => e.type === 'drill.judged');
    expect(judged.map((e) => [e.actor, e.payload.met, e.payload.reason ?? null])).toEqual([
      ['alice', true, null],
      ['alice', false, 'it promised a fix date we cannot keep'],
    ]);
    expect(d.events.filter((e) => e.type === 'policy.refused').map((e) => (e as EventOf<'policy.refused'>).payload.rule)).toEqual(['drill.facilitator']);
  });

  it('Given --facilitator carol, When alice (the starter) ends the drill early, Then she is refused; carol ends it', async () => {
    const { id, as, started } = await drill({ facilitator: 'carol' });
    expect(started.state.drill?.facilitator).toBe('carol');
    await expect(endDrill(session!, id)).rejects.toThrow(PolicyRefusal);
    const ended = await endDrill(as('carol'), id);
    expect(ended.early).toBe(true);
  });
});

describe('the facilitator pauses the drill clock', () => {
  it('Given a drill at x10 paused for 5 real minutes, Then time stands still while paused and an action after the resume is scored without the pause', async () => {
    const { real, id, as } = await drill({ speed: 10 });
    // T+1m (6 real seconds): alice names herself commander
    real.advance(6_000);
    await act(session!, id, { kind: 'assign', role: 'commander', person: 'alice' });
    // A participant may not pause
    await expect(pauseDrill(as('bob'), id)).rejects.toThrow(PolicyRefusal);
    const paused = await pauseDrill(session!, id, 'talk through the options');
    expect(offset(paused.drillTime)).toBe(1 * MIN);
    expect(paused.real).toBe(new Date(T0 + 6_000).toISOString());
    expect((await drillStatus(session!, id)).paused).toBe(true);
    // Five real minutes of discussion: at x10 that would be 50 drill minutes, but the clock stands still
    real.advance(5 * MIN);
    const note = await act(as('bob'), id, { kind: 'note', text: 'during the pause' });
    expect(offset(note.events[0]!.ts)).toBe(1 * MIN);
    expect((await drillStatus(session!, id)).state.injects.map((i) => i.inject)).toEqual(['pii-alert']);
    await expect(pauseDrill(session!, id)).rejects.toThrow(UserError);
    const resumed = await resumeDrill(session!, id);
    expect(offset(resumed.drillTime)).toBe(1 * MIN);
    // 6 real seconds later it is T+2m: the pause is not counted
    real.advance(6_000);
    const approved = await act(session!, id, { kind: 'approve', step: 'pause' });
    expect(offset(approved.events[0]!.ts)).toBe(2 * MIN);
    const st = await drillStatus(session!, id);
    expect(st.paused).toBe(false);
    expect(st.elapsedMs).toBe(2 * MIN);
    expect(st.live.results.find((r) => r.id === 'pause-approved')).toMatchObject({ outcome: 'met', tookMs: 2 * MIN });
    expect(st.state.drill?.pauses).toEqual([{ from: new Date(T0 + 6_000).toISOString(), to: new Date(T0 + 6_000 + 5 * MIN).toISOString() }]);
    await expect(resumeDrill(session!, id)).rejects.toThrow(/is not paused/);
  });
});

describe('ending a drill early is fair', () => {
  it('Given a drill ended at T+5m, Then expectations not due yet are not reached (left out), those past due are missed, and the end says how much was played', async () => {
    const { real, id } = await drill({ speed: 10 });
    real.advance(6_000);
    await act(session!, id, { kind: 'assign', role: 'commander', person: 'alice' });
    real.advance(24_000);
    const ended = await endDrill(session!, id);
    expect(ended.early).toBe(true);
    const outcome = Object.fromEntries(ended.score.results.map((r) => [r.id, r.outcome]));
    expect(outcome).toEqual({
      'commander-named': 'met',
      paused: 'not_reached',
      'pause-approved': 'not_reached',
      mitigated: 'not_reached',
      'leak-confirmed': 'not_reached',
      'evidence-kept': 'not_reached',
      'privacy-ticket': 'not_reached',
      'customers-told': 'not_reached',
      'update-clear': 'not_judged',
    });
    expect(ended.score).toMatchObject({ score: 100, possible: 1 });
    const d = await readDrill(session!, id);
    const end = d.events.find((e): e is EventOf<'drill.ended'> => e.type === 'drill.ended')!;
    expect(end.payload).toMatchObject({ early: true, playedMs: 5 * MIN, scenarioMs: 54 * MIN });
  });

  it('Given a drill ended at T+11m with no pause, Then the pause (due 10m) is missed, not "not reached"', async () => {
    const { real, id } = await drill({ speed: 10 });
    real.advance(66_000);
    const ended = await endDrill(session!, id);
    const outcome = Object.fromEntries(ended.score.results.map((r) => [r.id, r.outcome]));
    expect(outcome.paused).toBe('missed');
    expect(outcome['commander-named']).toBe('missed');
    expect(outcome['leak-confirmed']).toBe('not_reached');
  });
});

describe('aiops drill pause | resume | end through the binary', () => {
  it('Given a drill bob did not start, When bob pauses it, Then exit 3; alice pauses and resumes; ending early says how much was played', async () => {
    project = makeProject();
    const started = await aiops(project, ['drill', 'wrong-tenant-leak', '--json'], { as: 'alice' });
    expect(started.exitCode, started.stderr).toBe(0);
    const id = started.json().id as string;
    const refused = await aiops(project, ['drill', 'pause', id], { as: 'bob' });
    expect(refused.exitCode, refused.stderr).toBe(3);
    expect(refused.stderr).toContain('only the facilitator (alice) pauses the drill');
    const paused = await aiops(project, ['drill', 'pause', id, '--reason', 'discuss'], { as: 'alice' });
    expect(paused.exitCode, paused.stderr).toBe(0);
    expect(paused.stdout).toMatch(new RegExp(`${id} paused at T\\+\\d+s of drill time; resume with aiops drill resume ${id}`));
    const resumed = await aiops(project, ['drill', 'resume', id, '--json'], { as: 'alice' });
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(resumed.json()).toMatchObject({ ok: true, paused: false });
    const ended = await aiops(project, ['drill', 'end', id], { as: 'alice' });
    expect(ended.exitCode, ended.stderr).toBe(0);
    expect(ended.stdout).toMatch(/ended early at T\+\d+s: score \d+\/100, played \d+s of 54m00s \(\d%\)/);
    expect(ended.stdout).toMatch(/not reached \(not due before the end\): commander-named, paused,/);
    expect((await aiops(project, ['evidence', 'verify', '--json'])).json().ok).toBe(true);
  }, patience(60_000));
});
