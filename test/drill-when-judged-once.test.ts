import { afterEach, describe, expect, it } from 'vitest';
import { deliverDueInjects, resolveScenario, startDrill } from '../src/app/drills.js';
import { liveIncidentFor } from '../src/app/live-incident.js';
import { loadProject } from '../src/app/project.js';
import { act } from '../src/app/act.js';
import type { Session } from '../src/app/session.js';
import { ManualClock } from '../src/core/clock.js';
import type { Scenario } from '../src/core/schemas/scenario.js';
import { eventTypesFor, scoreExpectations } from '../src/core/scoring.js';
import { type EventLog, openEventLog } from '../src/store/index.js';
import type { IncidentRead } from '../src/store/types.js';
import { makeProject, type TempProject } from './helpers/project.js';

let project: TempProject;
afterEach(() => project?.cleanup());

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const MIN = 60_000;

/** A memory log that counts the reads a `when:` judgment makes (reads of chosen event types). */
function countingLog(log: EventLog): { log: EventLog; typedReads: () => number } {
  let typed = 0;
  const wrapped = new Proxy(log, {
    get(target, key) {
      if (key === 'readIncident') {
        return (id: string, read?: IncidentRead) => {
          if (read?.types) typed++;
          return target.readIncident(id, read);
        };
      }
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { log: wrapped, typedReads: () => typed };
}

async function drillSession(): Promise<{ session: Session; clock: ManualClock; typedReads: () => number }> {
  project = makeProject();
  const clock = new ManualClock(T0);
  const { log, typedReads } = countingLog(await openEventLog('memory:'));
  const session: Session = { project: loadProject({ cwd: project.dir, env: {} }), log, clock, actor: 'alice', close: () => log.close() };
  return { session, clock, typedReads };
}

describe('drill injects with when: are judged once, at their time', () => {
  it('Given an inject held back by its when:, When later commands deliver what is due, Then it is not judged again and stays held back', async () => {
    const { session, clock, typedReads } = await drillSession();
    const loaded = resolveScenario(session.project, 'wrong-tenant-leak', project.dir);
    // alice starts the drill and takes commander at T+0: `missed: commander-named` never holds.
    const never = { id: 'never', at: '13m', kind: 'message', from: 'support', summary: 'only if nobody took command', when: { missed: 'commander-named' } } as Scenario['injects'][number];
    const started = await startDrill(session, { ...loaded, scenario: { ...loaded.scenario, injects: [...loaded.scenario.injects, never] } });
    const id = started.state.id;
    await act(session, id, { kind: 'assign', role: 'commander', person: 'alice', handoff: false });

    clock.set(T0 + 13 * MIN);
    const first = await deliverDueInjects(session, id);
    // public-post (12m, missed: paused) and never (13m) were judged together, in one read.
    expect(typedReads()).toBe(1);
    expect(first.delivered.map((e) => (e.type === 'drill.inject' ? e.payload.inject : ''))).toContain('public-post');
    expect(first.heldBack).toEqual([{ key: 'never', atMs: 13 * MIN, reason: 'commander-named was met by then' }]);

    for (const at of [14, 16, 19]) {
      clock.set(T0 + at * MIN);
      const later = await deliverDueInjects(session, id);
      expect(later.heldBack.map((h) => h.key)).toEqual(['never']);
    }
    expect(typedReads()).toBe(1);
    const state = (await liveIncidentFor(session, id)).state;
    expect(state.injects.map((i) => i.inject)).not.toContain('never');
    expect(state.injects.map((i) => i.inject)).toContain('retrieval-trace');
  });

  it('Given one session, When sessions for other actors are derived from it, Then they share the folded incident instead of folding it again', async () => {
    const { session } = await drillSession();
    const started = await startDrill(session, resolveScenario(session.project, 'wrong-tenant-leak', project.dir));
    const mine = await liveIncidentFor(session, started.state.id);
    const bobs: Session = { ...session, actor: 'bob' };
    expect(await liveIncidentFor(bobs, started.state.id)).toBe(mine);
  });
});

describe('scoring only what is asked', () => {
  const exps = [
    { id: 'paused', event: 'hook.finished', match: { hook: 'pause-feature' }, weight: 3 },
    { id: 'mitigated', event: 'status.changed', match: { to: 'mitigated' }, after: 'paused', weight: 1 },
    { id: 'clear', manual: true, title: 'clear', weight: 1 },
    { id: 'told', event: 'step.completed', match: { step: 'update' }, after: 'clear', weight: 1 },
  ] as Scenario['expectations'];
  const start = new Date(T0).toISOString();
  const at = (min: number) => new Date(T0 + min * MIN).toISOString();

  it('scores one expectation (through its after: chain) and returns only it', () => {
    const events = [
      { seq: 1, ts: at(1), type: 'hook.simulated', actor: 'alice', role: null, payload: { hook: 'pause-feature' } },
      { seq: 2, ts: at(2), type: 'status.changed', actor: 'alice', role: null, payload: { to: 'mitigated' } },
    ];
    const one = scoreExpectations(exps, events, { start, only: 'mitigated' });
    expect(one.results.map((r) => [r.id, r.outcome])).toEqual([['mitigated', 'met']]);
    expect(scoreExpectations(exps, events, { start, until: at(1), only: 'mitigated' }).results[0]!.outcome).toBe('missed');
    expect(scoreExpectations(exps, events, { start }).results).toHaveLength(4);
  });

  it('names the event types a judgment reads: its own, its after: chain, simulated hooks, judgments', () => {
    expect(eventTypesFor(exps, 'mitigated').sort()).toEqual(['hook.finished', 'hook.simulated', 'status.changed']);
    expect(eventTypesFor(exps, 'told').sort()).toEqual(['drill.judged', 'step.completed']);
    expect(eventTypesFor(exps, 'nope')).toEqual([]);
  });
});
