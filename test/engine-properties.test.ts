import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Command } from '../src/core/decide.js';
import type { StoredEvent } from '../src/core/events.js';
import type { IncidentState } from '../src/core/incident-state.js';
import { applyEvent, reduceIncident } from '../src/core/reducer.js';
import { AppIncident, type Ran } from './helpers/app-incident.js';
import { shippedProject } from './helpers/engine.js';

const PEOPLE = ['alice', 'bob', 'carol', 'dan', 'erin', 'mallory'];
const ROLES = ['commander', 'model_owner', 'reviewer', 'communicator', 'janitor'];

/** A typed command, a hook fired (simulated: the incidents are drills), or "the right person works the current step" (pick chooses option / approver). */
type Move = { actor: string; advanceMs: number } & ({ cmd: Command } | { fire: string } | { work: number });

/** Commands a team (and a clumsy script) might type against this playbook, valid or not. */
function moveArb(stepIds: string[], optionIds: string[]): fc.Arbitrary<Move> {
  const step = fc.constantFrom(...stepIds, 'no-such-step');
  const text = fc.constantFrom('', ' ', 'because', 'rolled back v41');
  const cmd: fc.Arbitrary<Command> = fc.oneof(
    fc.record({ kind: fc.constant('assign' as const), role: fc.constantFrom(...ROLES), person: fc.constantFrom(...PEOPLE), handoff: fc.boolean() }),
    fc.record({ kind: fc.constant('step' as const), step, action: fc.constant('done' as const), note: fc.option(text, { nil: undefined }) }),
    fc.record({ kind: fc.constant('step' as const), step, action: fc.constant('skip' as const), reason: text }),
    fc.record({ kind: fc.constant('step' as const), step, action: fc.constant('choose' as const), option: fc.constantFrom(...optionIds, 'maybe') }),
    fc.record({ kind: fc.constant('approve' as const), step, note: fc.option(text, { nil: undefined }), override: fc.option(text, { nil: undefined }) }),
    fc.record({ kind: fc.constant('deny' as const), step, reason: text }),
    fc.record({ kind: fc.constant('request' as const), step }),
    fc.record({ kind: fc.constant('note' as const), text, context: fc.option(fc.constant({ model: 'm-2' }), { nil: undefined }) }),
    fc.record({ kind: fc.constant('severity' as const), to: fc.constantFrom('SEV1', 'SEV2', 'SEV3', 'SEV4'), reason: text }),
    fc.record({ kind: fc.constant('status' as const), to: fc.constantFrom('open', 'mitigated', 'resolved', 'closed'), reason: fc.option(text, { nil: undefined }), summary: fc.option(text, { nil: undefined }) }),
    fc.constant({ kind: 'tick' as const }),
  );
  return fc.record({
    actor: fc.constantFrom(...PEOPLE),
    advanceMs: fc.constantFrom(0, 1000, 5 * 60_000, 45 * 60_000, 3 * 3_600_000),
    move: fc.oneof(
      { weight: 6, arbitrary: cmd.map((c) => ({ cmd: c })) },
      { weight: 1, arbitrary: step.map((s) => ({ fire: s })) },
      { weight: 4, arbitrary: fc.nat(5).map((n) => ({ work: n })) },
    ),
  }).map(({ actor, advanceMs, move }) => ({ actor, advanceMs, ...move }));
}

function scenarioArb() {
  const playbooks = shippedProject().playbooks;
  return fc.nat(playbooks.length - 1).chain((i) => {
    const lp = playbooks[i]!;
    const stepIds = lp.playbook.steps.map((s) => s.id);
    const optionIds = lp.playbook.steps.flatMap((s) => (s.kind === 'decision' ? s.options.map((o) => String(o.id)) : []));
    return fc.record({ index: fc.constant(i), team: fc.boolean(), moves: fc.array(moveArb(stepIds, optionIds), { minLength: 5, maxLength: 60 }) });
  });
}

const TEAM: Record<string, string> = { model_owner: 'carol', reviewer: 'bob', communicator: 'dan' };

/** What a responder who knows the playbook would do next: the step's holder works the current step. */
async function workCurrent(inc: AppIncident, pick: number): Promise<Ran> {
  const s = await inc.state();
  const st = s.steps.find((x) => x.id === s.current);
  const holder = (role: string) => s.roles[role]?.person ?? 'alice';
  if (!st) return inc.run('alice', { kind: 'tick' });
  if (st.spec.kind === 'decision') return inc.run(holder(st.owner), { kind: 'step', step: st.id, action: 'choose', option: String(st.spec.options[pick % st.spec.options.length]!.id) });
  if (st.needs.length > 0 && (st.spec.kind === 'action' || (st.spec.kind === 'notify' && st.spec.hook))) {
    const missing = st.approvals.some((a) => a.override) ? [] : st.needs.filter((r) => !st.approvals.some((a) => a.role === r));
    if (missing.length === 0) return inc.fire(holder(st.owner), st.id);
    if (pick === 5) return inc.run(holder('commander'), { kind: 'approve', step: st.id, override: 'break-glass' });
    if (pick === 4) return inc.run(holder(missing[0]!), { kind: 'deny', step: st.id, reason: 'not yet' });
    if (st.denied) return inc.run(holder(st.owner), { kind: 'request', step: st.id });
    return inc.run(holder(missing[pick % missing.length]!), { kind: 'approve', step: st.id });
  }
  if (pick === 3) return inc.run(holder(st.owner), { kind: 'step', step: st.id, action: 'skip', reason: 'done elsewhere' });
  return inc.run(holder(st.owner), { kind: 'step', step: st.id, action: 'done' });
}

/** The state minus what every appended event changes, to compare "nothing but a refusal happened". */
function withoutCounters(s: IncidentState) {
  const { lastSeq: _a, lastTs: _b, events: _c, refusals: _d, ...rest } = s;
  return rest;
}

describe('the incident engine under random command sequences', () => {
  it('never throws, replays to the same state, and a refusal appends only its policy.refused event', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb(), async ({ index, team, moves }) => {
        const lp = shippedProject().playbooks[index]!;
        const inc = await AppIncident.start(lp, { drill: true });
        if (team) for (const [role, person] of Object.entries(TEAM)) await inc.run('alice', { kind: 'assign', role, person });
        // The incrementally built state, as a long-running TUI would hold it.
        let live: IncidentState | null = null;
        for (const e of await inc.events()) live = applyEvent(live, structuredClone(e));
        for (const m of moves) {
          inc.clock.advance(m.advanceMs);
          const before = await inc.state();
          const { decision, appended } = 'cmd' in m ? await inc.run(m.actor, m.cmd) : 'fire' in m ? await inc.fire(m.actor, m.fire) : await workCurrent(inc, m.work);
          if (!decision.ok && decision.kind === 'invalid') {
            expect(appended).toEqual([]);
          } else if (!decision.ok) {
            expect(appended.map((e) => e.type)).toEqual(['policy.refused']);
            if ('cmd' in m) expect(appended[0]!.actor).toBe(m.actor);
            const after = await inc.state();
            expect(after.refusals).toBe(before.refusals + 1);
            expect(withoutCounters(after)).toEqual(withoutCounters(before));
          } else if ('cmd' in m) {
            expect(appended).toHaveLength(decision.events.length);
          }
          for (const e of appended) live = applyEvent(live, structuredClone(e));
          expect(live).toEqual(reduceIncident(await inc.events()));
        }
        // Seqs are gap-free and the whole log replays to what was built step by step.
        const log = await inc.events();
        expect(log.map((e: StoredEvent) => e.seq)).toEqual(log.map((_, i) => i + 1));
        expect(reduceIncident(log)).toEqual(live);
      }),
      { numRuns: 200 },
    );
  });

  it('a fully approved hook step is fired at most once per approval round, however often it is asked', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('alice', 'bob', 'carol'), { minLength: 1, maxLength: 8 }), async (actors) => {
        const inc = await AppIncident.start(shippedProject().playbooks.find((p) => p.playbook.id === 'unexpected-tool-call')!, { drill: true });
        // A drill's starter facilitates; alice takes commander (nobody holds it yet).
        await inc.run('alice', { kind: 'assign', role: 'commander', person: 'alice', handoff: false });
        await inc.run('alice', { kind: 'approve', step: 'disable' });
        // Only the commander (the step owner) may fire it; everyone else is refused.
        for (const a of [...actors, 'alice', ...actors]) await inc.fire(a, 'disable');
        const runs = (await inc.events()).filter((e) => e.type === 'hook.simulated');
        expect(runs).toHaveLength(1);
        expect((await inc.state()).steps.find((s) => s.id === 'disable')!.status).toBe('done');
      }),
      { numRuns: 50 },
    );
  });
});
