import chalk from 'chalk';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveScenario, startDrill } from '../src/app/drills.js';
import { act } from '../src/app/act.js';
import { OperationFailed } from '../src/core/errors.js';
import { KEYMAP } from '../src/ui/keymap.js';
import { appendTo } from './helpers/seed-log.js';
import { until } from './helpers/processes.js';
import { KEY, mount, type Mounted } from './tui-harness.js';

let m: Mounted | undefined;
afterEach(async () => {
  await m?.cleanup();
  m = undefined;
});

// eslint-disable-next-line no-control-regex -- matches ESC-led colour codes
const COLOR_SGR = /\u001B\[(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m/;

describe('the incident screen', () => {
  it('shows what another terminal did within a second, without a key being pressed', async () => {
    m = await mount();
    // When bob, in another process's session, adds a note and dan takes over as commander
    const bob = await m.other('alice');
    await act(bob, m.id, { kind: 'note', text: 'customer reports three refunds on order 1182' });
    await act(bob, m.id, { kind: 'assign', role: 'commander', person: 'dan', handoff: true });
    // Then both show up through polling by last seq
    const f = await m.waitFor('handoff commander → dan (was alice)', 1000);
    expect(f).toContain('alice  note: customer reports three refunds on order 1182');
    expect(f).toContain('you: alice (no role)');
  });

  it('fits a narrow terminal by stacking steps over the detail', async () => {
    m = await mount({ size: { columns: 50, rows: 20 } });
    const lines = m.frame().split('\n');
    expect(lines.length).toBeLessThanOrEqual(19);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(50);
    expect(lines[3]).toBe('Steps 0/10 ↓');
    expect(m.frame()).toContain('› NOW   assign-roles');
    expect(m.frame()).toContain('assign-roles · check · owner commander');
  });

  it('uses no colour codes under NO_COLOR, and colours otherwise', async () => {
    const level = chalk.level;
    chalk.level = 1;
    try {
      // (each waits for the screen itself: on a loaded machine the first frame may still say "reading …")
      m = await mount({ props: { noColor: false } });
      await m.waitFor(' SEV1 ');
      expect(m.raw()).toMatch(COLOR_SGR);
      await m.cleanup();
      m = await mount({ props: { noColor: true } });
      await m.waitFor(' SEV1 ');
      expect(m.raw()).not.toMatch(COLOR_SGR);
    } finally {
      chalk.level = level;
    }
  });

  it('shows a failed write, records nothing, and retries it on y', async () => {
    m = await mount();
    const log = m.session.log;
    const real = log.append.bind(log);
    let failures = 1;
    log.append = async (...args: Parameters<typeof real>) => {
      if (failures-- > 0) throw new OperationFailed(`could not write to the evidence log at ${log.location}: the database or disk is full; nothing was recorded`, { hint: 'free disk space, then run the command again' });
      return real(...args);
    };
    await m.press(KEY.enter);
    const f = await m.waitFor('marking assign-roles done: not recorded');
    expect(f).toContain('the database or disk is full; nothing was recorded');
    expect(f).toContain('free disk space, then run the command again');
    expect((await log.readIncident(m.id)).some((e) => e.type === 'step.completed')).toBe(false);
    await m.press('y');
    await m.waitFor('  done  assign-roles');
  });

  it('lists every key of the keymap in the help overlay', async () => {
    m = await mount({ size: { columns: 100, rows: 60 } });
    await m.press('?');
    const f = await m.waitFor('Help — keys');
    for (const section of KEYMAP) for (const k of section.keys) expect(f).toContain(`${k.keys.padEnd(11)} ${k.what}`);
    await m.press('?');
    await m.waitFor('› NOW   assign-roles');
  });

  it('asks before leaving an open incident, and stays when told no', async () => {
    let left: string | null = null;
    m = await mount({ props: { onLeave: (s) => void (left = s) } });
    await m.press('q');
    const f = await m.waitFor(`Leave ${'INC-2026-0001'}? It stays open.`);
    expect(f).toContain('Come back with: aiops incident resume INC-2026-0001');
    await m.press('n');
    await m.waitFor('› NOW   assign-roles');
    expect(left).toBeNull();
    await m.press('q', 'y');
    await until('the screen to leave', () => left !== null);
    expect(left).toBe('open');
  });

  it('changes severity with a reason from the picker', async () => {
    m = await mount();
    // Picking the severity it has says so at once, without asking why
    await m.press('s');
    await m.waitFor('Severity (now SEV1)');
    await m.press('1');
    const same = await m.waitFor('is already SEV1; pick another severity to change it');
    expect(same).not.toContain('Why? (kept in the log)');
    await m.press('s');
    await m.waitFor('Severity (now SEV1)');
    await m.press('2');
    await m.waitFor('Severity SEV1 → SEV2');
    await m.press('only one tenant affected', KEY.enter);
    const f = await m.waitFor('severity SEV1 → SEV2: only one tenant affected');
    expect(f.split('\n')[0]).toContain(' SEV2 ');
  });

  it('adds a note with an attachment from the prompt', async () => {
    m = await mount();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${m.project.dir}/trace.txt`, 'tool_call issue_refund x3');
    await m.press('n');
    await m.waitFor('What should the log remember?');
    await m.press('three refunds in one conversation', KEY.enter);
    await m.waitFor('Attach a file?');
    await m.press('trace.txt', KEY.enter);
    const f = await m.waitFor('note: three refunds in one conversation [attached trace.txt]');
    expect(f).toMatch(/note added \(seq \d+\); attached trace\.txt sha256:[0-9a-f]{12}/);
  });

  it('assigns an unassigned role from the roles pane', async () => {
    m = await mount({ start: { trigger: 'unexpected_tool_call', title: 'Refund loop', service: 'billing-agent' } });
    await m.press('2');
    const before = await m.waitFor('Roles  (Enter assign');
    expect(before).toMatch(/model_owner +UNASSIGNED/);
    await m.press(KEY.down, KEY.enter);
    const pick = await m.waitFor('Assign model_owner to');
    expect(pick).toContain('2. carol — Carol Okafor  model_owner · slack:@carol');
    await m.press('2');
    const f = await m.waitFor('model_owner → carol');
    expect(f).toMatch(/model_owner +carol Carol Okafor {2}slack:@carol {2}since /);
    // And handing it to the person who holds it says so, with nothing recorded
    const events = (await m.session.log.readIncident(m.id)).length;
    await m.press('h');
    await m.waitFor('Hand off model_owner (now carol) to');
    await m.press('2');
    await m.waitFor('carol already holds model_owner; pick someone else to hand it to');
    expect((await m.session.log.readIncident(m.id)).length).toBe(events);
    // And a key of another tab says where it works instead of nothing
    await m.press('o');
    await m.waitFor('o works on the Steps tab (1)');
  });

  it('windows a long timeline: only the visible rows are read, and it scrolls to the oldest', async () => {
    m = await mount({
      setup: async (s, id) => {
        const ts = s.clock.now().toISOString();
        const batch = Array.from({ length: 3000 }, (_, i) => ({ type: 'note.added' as const, incidentId: id, ts, actor: 'bob', role: null, payload: { text: `observation ${i}`, attachments: [] } }));
        await appendTo(s.log, batch);
      },
    });
    await m.press('3');
    const f = await m.waitFor('Timeline (UTC) · 3005 events · ↑ older');
    expect(f).toContain('bob    note: observation 2999');
    expect(f).not.toContain('observation 2980');
    await m.press(KEY.pageUp);
    await m.waitFor('↓ newer: G');
    await m.press('g');
    const top = await m.waitFor('opened SEV1 with unexpected-tool-call@1.0.0');
    expect(top).not.toContain('↑ older');
    await m.press('G');
    await m.waitFor('bob    note: observation 2999');
  });

  it('marks a drill with a banner and counts down to the next inject given by the drill runner', async () => {
    let next = new Date('2026-03-01T10:04:00.000Z');
    m = await mount({
      open: async (s) => (await startDrill(s, resolveScenario(s.project, 'wrong-tenant-leak', s.project.root))).state.id,
      props: { drill: { nextInjectAt: () => next } },
    });
    const f = await m.waitFor('DRILL · wrong-tenant-leak · next inject in 4m00s');
    expect(f).toContain('next inject in 4m00s · hooks simulated');
    expect(f).toContain('INJECT alert from');
    m.clock.advance(90_000);
    await m.waitFor('next inject in 2m30s');
    next = new Date(0);
    await m.waitFor('next inject in 0s');
  });
});
