import { afterEach, describe, expect, it } from 'vitest';
import { recordHookOutcome } from '../src/app/hook-commands.js';
import { type Session } from '../src/app/session.js';
import { act } from '../src/app/act.js';
import type { StoredEvent } from '../src/core/events.js';
import { startIncident } from '../src/app/start-incident.js';
import { ManualClock } from '../src/core/clock.js';
import { makeProject } from './helpers/project.js';
import { appendTo } from './helpers/seed-log.js';
import { KEY, mount, type Mounted, openAs, T0 } from './tui-harness.js';

let m: Mounted | undefined;
afterEach(async () => {
  await m?.cleanup();
  m = undefined;
});

/** A disable-tool run whose hook.finished never came (aiops died mid-hook), two minutes ago. */
async function cutOffRun(s: Session, id: string): Promise<void> {
  await act(s, id, { kind: 'step', step: 'assign-roles', action: 'done' });
  await act(s, id, { kind: 'approve', step: 'disable', override: 'test setup' });
  await appendTo(s.log, [
    { type: 'hook.started', incidentId: id, ts: s.clock.now().toISOString(), actor: 'alice', role: 'commander', payload: { run: 'run-1', hook: 'disable-tool', step: 'disable', argv: ['./tool-allowlist.sh'], env: [], cwd: '.', retry: false } },
  ]);
  (s.clock as ManualClock).advance(120_000);
}

/** The incident's events after seq `from`, without what differs between two runs (seq, time, hashes). */
const shape = (events: StoredEvent[]) => events.map((e) => ({ type: e.type, actor: e.actor, payload: e.payload }));

describe('recording a cut-off hook run by hand', () => {
  it('Given a run with no outcome, When c records it as ok in the TUI, Then the step is done with the events `hook record --ok` writes', async () => {
    // Given: what the CLI's `aiops hook record ID run-1 --ok --note ..` writes on the same setup
    const viaCli = cliRecord();
    m = await mount({ setup: cutOffRun });
    await m.waitFor('› UNKN  disable');
    const from = await m.session.log.incidentLastSeq(m.id);

    // When: the TUI's c key records the same outcome with the same note
    await m.press('c');
    await m.waitFor('What happened to disable-tool (run-1)?');
    await m.press('1');
    await m.waitFor('How did you check?');
    await m.press(NOTE, KEY.enter);

    // Then: the step completes, and the log holds exactly what the CLI path wrote
    const f = await m.waitFor('  done  disable');
    expect(f).toContain('run-1: recorded as ok; step disable done');
    expect(shape((await m.session.log.readIncident(m.id)).filter((e) => e.seq > from))).toEqual(await viaCli);
  });
});

const NOTE = 'allowlist no longer lists issue_refund';

/** The CLI path on a fresh copy of the same setup, through the app call `hook record` makes; returns what it wrote. */
async function cliRecord() {
  const project = makeProject();
  const clock = new ManualClock(T0);
  const s = await openAs(project, 'alice', clock);
  try {
    const id = (await startIncident(s, { trigger: 'unexpected_tool_call', title: 'Refund loop', service: 'billing-agent', assignOncall: true })).state.id;
    await cutOffRun(s, id);
    const from = await s.log.incidentLastSeq(id);
    const r = await recordHookOutcome(s, id, 'run-1', { ok: true, note: NOTE });
    expect(r.state.steps.find((st) => st.id === 'disable')?.status).toBe('done');
    return shape((await s.log.readIncident(id)).filter((e) => e.seq > from));
  } finally {
    await s.close();
    project.cleanup();
  }
}
