import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { newlyOverdueSteps, startIncidentTimers } from '../src/app/incident-timers.js';
import { type Session } from '../src/app/session.js';
import { act, refreshIncident } from '../src/app/act.js';
import { startIncident } from '../src/app/start-incident.js';
import { ManualClock } from '../src/core/clock.js';
import { makeProject, type TempProject } from './helpers/project.js';
import { openAs, T0 } from './tui-harness.js';

let project: TempProject;
let clock: ManualClock;
let session: Session;
let id: string;
beforeEach(async () => {
  project = makeProject({ withScenarios: false });
  clock = new ManualClock(T0);
  session = await openAs(project, 'alice', clock);
  id = (await startIncident(session, { trigger: 'unexpected_tool_call', title: 'Refund loop', service: 'billing-agent', assignOncall: true })).state.id;
});
afterEach(async () => {
  vi.useRealTimers();
  await session.close();
  project.cleanup();
});

const current = async () => (await act(session, id, { kind: 'tick' })).state;
const overdueLogged = async () => (await session.log.readIncident(id)).filter((e) => e.type === 'step.overdue').length;

describe('the incident timers (overdue logging, drill injects)', () => {
  it('Given a step whose due time passed on the clock, When the timers tick, Then its lateness is logged once and the screen re-reads', async () => {
    let state = await current();
    const changed = vi.fn();
    const timers = startIncidentTimers(clock, 0, { current: () => state, logOverdue: async () => void (state = await refreshIncident(session, id)), changed });
    await timers.tick();
    expect(changed).not.toHaveBeenCalled();
    // When the 5-minute assign-roles step is 6 minutes old
    clock.advance(6 * 60_000);
    expect(newlyOverdueSteps(state, clock.now(), new Set()).map((s) => s.id)).toEqual(['assign-roles']);
    await timers.tick();
    await timers.tick();
    expect(changed).toHaveBeenCalledTimes(1);
    expect(state.steps.find((s) => s.id === 'assign-roles')?.overdueLogged).toBeTruthy();
    timers.stop();
  });

  it('Given a write of the user is under way, Then overdue logging waits for the next tick', async () => {
    const shown = await current();
    clock.advance(6 * 60_000);
    let busy = true;
    const logOverdue = vi.fn();
    const timers = startIncidentTimers(clock, 0, { current: () => shown, logOverdue, changed: () => undefined, busy: () => busy });
    await timers.tick();
    expect(logOverdue).not.toHaveBeenCalled();
    busy = false;
    await timers.tick();
    expect(logOverdue).toHaveBeenCalledTimes(1);
  });

  it('Given a drill, When the interval fires, Then due injects are delivered each tick and a failed delivery is retried, until stopped', async () => {
    const shown = await current();
    vi.useFakeTimers();
    const deliverInjects = vi.fn().mockRejectedValueOnce(new Error('busy')).mockResolvedValue(undefined);
    const changed = vi.fn();
    const timers = startIncidentTimers(clock, 1000, { current: () => shown, logOverdue: () => undefined, deliverInjects, changed });
    await vi.advanceTimersByTimeAsync(3000);
    expect(deliverInjects).toHaveBeenCalledTimes(3);
    expect(changed).toHaveBeenCalledTimes(2);
    timers.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(deliverInjects).toHaveBeenCalledTimes(3);
    vi.useRealTimers();
    expect(await overdueLogged()).toBe(0);
  });
});
