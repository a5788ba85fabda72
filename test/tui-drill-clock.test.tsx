import { afterEach, describe, expect, it } from 'vitest';
import { act } from '../src/app/act.js';
import { drillStatus, endDrill, resolveScenario, startDrill } from '../src/app/drills.js';
import type { Session } from '../src/app/session.js';
import type { EventOf } from '../src/core/events.js';
import { drillControls, type DrillControls } from '../src/ui/run-tui.js';
import { mount, type Mounted } from './tui-harness.js';

let m: Mounted | undefined;
afterEach(async () => {
  await m?.cleanup();
  m = undefined;
});

/** A drill at x10 with the drill runner's tick plugged in, as `aiops drill` opens it. */
function drillOpen() {
  let session: Session | undefined;
  let id = '';
  const ticks = { count: 0 };
  return {
    ticks,
    open: async (s: Session) => {
      session = s;
      id = (await startDrill(s, resolveScenario(s.project, 'wrong-tenant-leak', s.project.root), { speed: 10 })).state.id;
      return id;
    },
    props: { drill: { nextInjectAt: () => null, tick: async () => void (ticks.count++, session && id ? await drillStatus(session, id) : undefined) } },
  };
}

describe('the drill clock on the TUI', () => {
  it('Given the facilitator on a drill, When she presses P twice, Then the banner says PAUSED, then the clock runs again, each logged as the CLI would', async () => {
    m = await mount(drillOpen());
    await m.waitFor('DRILL · wrong-tenant-leak');
    await m.press('P');
    const paused = await m.waitFor('DRILL PAUSED · wrong-tenant-leak');
    expect(paused).toMatch(/drill paused at T\+\S+; P resumes/);
    await m.press('P');
    await m.waitFor(/drill resumed at T\+\S+/);
    const types = (await m.session.log.readIncident(m.id)).map((e) => e.type).filter((t) => t.startsWith('drill.p') || t.startsWith('drill.r'));
    expect(types).toEqual(['drill.paused', 'drill.resumed']);
  });

  it('Given a drill past its scenario end, When the open TUI ticks, Then the drill ends by itself and the banner shows it ended with its score', async () => {
    m = await mount(drillOpen());
    await m.waitFor('DRILL · wrong-tenant-leak');
    // 54m of drill time at x10 is 324 real seconds; a little more
    m.clock.advance(330_000);
    const f = await m.waitFor(/DRILL ENDED · wrong-tenant-leak · score \d+\/100/);
    expect(f).toBeTruthy();
    const ended = (await m.session.log.readIncident(m.id)).filter((e): e is EventOf<'drill.ended'> => e.type === 'drill.ended');
    expect(ended).toHaveLength(1);
    expect(ended[0]!.actor).toBe('drill');
    expect(ended[0]!.payload).toMatchObject({ early: false, playedMs: 54 * 60_000, scenarioMs: 54 * 60_000 });
  });
  it('Given a drill at x10 paused for a real minute, When it resumes, Then the header clock stood still meanwhile and reads what drill status reads', async () => {
    const d = drillOpen();
    m = await mount(d);
    m.clock.advance(20_000);
    await m.waitFor('0:03:20');
    await m.press('P');
    await m.waitFor('DRILL PAUSED · wrong-tenant-leak');
    m.clock.advance(60_000);
    const during = d.ticks.count;
    await waitUntil(() => d.ticks.count >= during + 2);
    expect(m.frame()).toContain('0:03:20');
    await m.press('P');
    await m.waitFor(/drill resumed at T\+\S+/);
    m.clock.advance(10_000);
    const status = await drillStatus(m.session, m.id);
    expect(status.elapsedMs).toBe(300_000);
    await m.waitFor('0:05:00');
  });

  it('Given the countdown aiops drill shows, When the drill is paused and resumed, Then it counts down on the drill clock and holds while paused', async () => {
    let controls: DrillControls | undefined;
    m = await mount({
      open: async (s: Session) => {
        const id = (await startDrill(s, resolveScenario(s.project, 'wrong-tenant-leak', s.project.root), { speed: 10 })).state.id;
        controls = await drillControls(s, id);
        return id;
      },
      props: { drill: { nextInjectAt: () => controls?.nextInjectAt() ?? null, tick: async () => void (await controls?.tick?.()) } },
    });
    // The next inject (support-screenshot) is at T+4m: 20 real seconds at x10 leave 40s
    m.clock.advance(20_000);
    await m.waitFor('next inject in 40s');
    await m.press('P');
    await m.waitFor('DRILL PAUSED');
    m.clock.advance(60_000);
    await m.press('P');
    await m.waitFor(/drill resumed at T\+\S+/);
    await m.waitFor('next inject in 40s');
    m.clock.advance(2_000);
    await m.waitFor('next inject in 20s');
  });

  it('Given a drill the facilitator ended early, When its steps would fall due later, Then the header clock stops at the end and nothing more is logged, by the screen or stamped in the future by a command', async () => {
    const d = drillOpen();
    m = await mount(d);
    m.clock.advance(1_000);
    const ended = await endDrill(m.session, m.id);
    expect(ended.elapsedMs).toBe(10_000);
    await m.waitFor(/DRILL ENDED · wrong-tenant-leak/);
    // assign-roles falls due at T+5m (30 real seconds at x10): well past it
    m.clock.advance(400_000);
    const after = d.ticks.count;
    await waitUntil(() => d.ticks.count >= after + 3);
    expect(m.frame()).toContain('0:00:10');
    const events = await m.session.log.readIncident(m.id);
    expect(events.at(-1)!.type).toBe('drill.ended');
    expect(events.filter((e) => e.type === 'step.overdue')).toEqual([]);
    // A command after the end is stamped at the end: the drill clock stopped there
    await act(m.session, m.id, { kind: 'assign', role: 'commander', person: 'alice' });
    const later = (await m.session.log.readIncident(m.id)).slice(events.length);
    expect(later.map((e) => e.type)).toEqual(['role.assigned']);
    expect(later[0]!.ts).toBe(events.at(-1)!.ts);
  });
});

/** Waits for a condition, checking between short yields (never a fixed sleep). */
async function waitUntil(cond: () => boolean, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out waiting for a condition');
    await new Promise((r) => setTimeout(r, 10));
  }
}
