import type { Key } from 'ink';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Session } from '../src/app/session.js';
import { act } from '../src/app/act.js';
import { startIncident } from '../src/app/start-incident.js';
import { ManualClock } from '../src/core/clock.js';
import type { IncidentState } from '../src/core/incident-state.js';
import { dispatchKey, helpSections, hintLine, KEY_BINDINGS, type KeyContext, type KeyOps } from '../src/ui/key-bindings.js';
import { KEYMAP } from '../src/ui/keymap.js';
import { VERB_IDS } from '../src/verbs/verb.js';
import { makeProject, type TempProject } from './helpers/project.js';
import { appendTo } from './helpers/seed-log.js';
import { openAs, T0 } from './tui-harness.js';

let project: TempProject;
let session: Session;
let id: string;
beforeEach(async () => {
  project = makeProject({ withScenarios: false });
  session = await openAs(project, 'alice', new ManualClock(T0));
  id = (await startIncident(session, { trigger: 'unexpected_tool_call', title: 'Refund loop', service: 'billing-agent', assignOncall: true })).state.id;
});
afterEach(async () => {
  await session.close();
  project.cleanup();
});

const state = async (): Promise<IncidentState> => (await act(session, id, { kind: 'tick' })).state;
const on = (st: IncidentState, step: string, over: Partial<KeyContext> = {}): KeyContext => ({ pane: 'steps', state: st, step: st.steps.find((s) => s.id === step), tag: 'now', undoHook: null, ...over });
const key = (flags: Partial<Key> = {}) => ({ return: false, escape: false, upArrow: false, downArrow: false, pageUp: false, pageDown: false, home: false, end: false, ...flags }) as Key;

function recordingOps(): KeyOps & { calls: string[] } {
  const calls: string[] = [];
  return new Proxy({ calls } as KeyOps & { calls: string[] }, {
    get: (target, name) => (name === 'calls' ? target.calls : (...args: unknown[]) => void calls.push(`${String(name)}(${args.map((a) => JSON.stringify(a)).join(',')})`)),
  });
}

describe('key bindings as data', () => {
  it('Given the table, Then every binding has a line in help with its keys and what it does', async () => {
    const lines = helpSections().flatMap((s) => s.keys.map((k) => `${s.title}|${k.keys}|${k.what}`));
    for (const b of KEY_BINDINGS) expect(lines).toContain(`${b.section}|${b.label}|${b.help}`);
    expect(KEYMAP).toEqual(helpSections());
  });

  it('Given the table, Then every binding performs a verb id from the fixed list or a UI-only action (never one named as the other), and ids are unique', async () => {
    const ui = ['help', 'quit', 'dismiss', 'tab.steps', 'tab.roles', 'tab.timeline', 'step.select', 'step.instructions', 'role.select', 'timeline.scroll', 'timeline.page', 'timeline.ends', 'hook.output', 'in-full'];
    for (const b of KEY_BINDINGS) {
      expect([...VERB_IDS, ...ui]).toContain(b.verb ?? b.ui);
      expect(Number(b.verb !== undefined) + Number(b.ui !== undefined), b.id).toBe(1);
      if (b.verb) expect(VERB_IDS).toContain(b.verb);
      if (b.ui) expect(ui).toContain(b.ui);
    }
    expect(new Set(KEY_BINDINGS.map((b) => b.id)).size).toBe(KEY_BINDINGS.length);
  });

  it('Given a plain check, Then the hint line shows exactly the bindings that apply to it', async () => {
    const ctx = on((await state()), 'assign-roles');
    expect(hintLine(ctx)).toBe('↑↓ step · Enter do · x skip · n note · s sev · S status · 2 roles · 3 timeline · ? help · q quit');
    for (const b of KEY_BINDINGS.filter((x) => x.hint && x.section === 'Steps' && !x.when(ctx))) expect(hintLine(ctx)).not.toContain(b.hint);
  });

  it('Given a step waiting for approval, Then the hint line offers approve, override and deny, and no plain "do"', async () => {
    await act(session, id, { kind: 'step', step: 'assign-roles', action: 'done' });
    const hint = hintLine(on((await state()), 'disable', { tag: 'approve' }));
    expect(hint).toMatch(/^↑↓ step · Enter approve · x skip · a approve · o override · D deny · n note/);
    expect(hint).not.toContain('Enter do');
    expect(hint).not.toContain('r retry');
  });

  it('Given a hook run with no outcome, Then the hint line offers c record and Enter does nothing but say why', async () => {
    await act(session, id, { kind: 'step', step: 'assign-roles', action: 'done' });
    await act(session, id, { kind: 'approve', step: 'disable', override: 'setup' });
    await appendTo(session.log, [{ type: 'hook.started', incidentId: id, ts: T0, actor: 'alice', role: 'commander', payload: { run: 'run-1', hook: 'disable-tool', step: 'disable', argv: [], env: [], cwd: '.', retry: false } }]);
    const ctx = on((await state()), 'disable', { tag: 'unknown' });
    expect(hintLine(ctx)).toMatch(/^↑↓ step · x skip · D deny · c record · v output · n note/);
    const ops = recordingOps();
    expect(dispatchKey(ops, ctx, '', key({ return: true }))).toBeNull();
    expect(ops.calls).toEqual(['say("the last run has no recorded outcome: c records what happened",true)']);
  });

  it('Given the roles and timeline panes, Then their hint lines name their own keys', async () => {
    const st = (await state());
    expect(hintLine({ pane: 'roles', state: st, undoHook: null, role: { name: 'commander', held: true } })).toBe('↑↓ role · Enter assign · h hand off · n note · s sev · S status · 1 steps · 3 timeline · ? help · q quit');
    expect(hintLine({ pane: 'timeline', state: st, undoHook: null })).toBe('↑↓ scroll · PgUp PgDn page · g oldest · G newest · n note · s sev · S status · 1 steps · 2 roles · ? help · q quit');
  });

  it('When a key is pressed, Then the binding that applies runs its handler, and one that does not says why', async () => {
    const ops = recordingOps();
    const ctx = on((await state()), 'assign-roles');
    expect(dispatchKey(ops, ctx, '', key({ return: true }))?.verb).toBe('step.done');
    expect(dispatchKey(ops, ctx, 'a', key())).toBeNull();
    expect(dispatchKey(ops, ctx, 'j', key())?.id).toBe('step.select');
    expect(dispatchKey(ops, ctx, 'S', key())?.verb).toBe('status');
    expect(ops.calls).toEqual(['enter("done")', 'say("assign-roles needs no approval",)', 'moveStep(1)', 'status()']);
  });
});

describe('the keys of request and the drill verbs', () => {
  it('Given a denied step, Then the hint line offers R re-request, and only there', async () => {
    // Given the disable step waits for approval, then is denied
    await act(session, id, { kind: 'step', step: 'assign-roles', action: 'done' });
    expect(hintLine(on(await state(), 'disable', { tag: 'approve' }))).not.toContain('R re-request');
    await act(session, id, { kind: 'deny', step: 'disable', reason: 'wrong alert' });
    const ctx = on(await state(), 'disable', { tag: 'denied' });
    // Then R is offered and runs request
    expect(hintLine(ctx)).toContain('R re-request');
    const ops = recordingOps();
    expect(dispatchKey(ops, ctx, 'R', key())?.verb).toBe('request');
    // And on a step nobody denied, R says what it is for
    expect(dispatchKey(ops, on(await state(), 'assign-roles'), 'R', key())).toBeNull();
    expect(ops.calls).toEqual(['request()', 'say("R asks again after a deny; assign-roles was not denied",)']);
  });

  it('Given a real incident, Then J, E and B say plainly they are for drills, and the hint line has none of them', async () => {
    const ctx = on(await state(), 'assign-roles');
    const ops = recordingOps();
    for (const k of ['J', 'E', 'B']) expect(dispatchKey(ops, ctx, k, key())).toBeNull();
    expect(ops.calls).toEqual([
      `say("J (judge an expectation) is for drills; ${id} is a real incident, not a drill",)`,
      `say("E (end and score) is for drills; ${id} is a real incident, not a drill",)`,
      `say("B (debrief note) is for drills; ${id} is a real incident, not a drill",)`,
    ]);
    expect(hintLine(ctx)).not.toMatch(/J judge|E end|B debrief/);
  });

  it('Given a drill, Then J, E and B run judge, end and debrief, and the hint line offers them', async () => {
    const st = await state();
    const ctx = on({ ...st, drill: { scenario: 'wrong-tenant-leak', title: 'Leak' } }, 'assign-roles');
    const ops = recordingOps();
    expect(['J', 'E', 'B'].map((k) => dispatchKey(ops, ctx, k, key())?.verb)).toEqual(['drill.judge', 'drill.end', 'drill.debrief']);
    expect(ops.calls).toEqual(['judge()', 'endDrill()', 'debrief()']);
    expect(hintLine(ctx)).toContain('J judge · E end drill · B debrief');
  });
});

describe('every verb has a key', () => {
  it('leaves no verb without a key', async () => {
    const withKey = new Set(KEY_BINDINGS.flatMap((b) => (b.verb ? [b.verb] : [])));
    expect(VERB_IDS.filter((v) => !withKey.has(v))).toEqual([]);
  });
});
