import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock.js';
import { drillSession } from '../src/app/drill-run.js';
import { loadProject } from '../src/app/project.js';
import { openSession } from '../src/app/session.js';
import { act } from '../src/app/act.js';
import { aiops } from './helpers/cli.js';
// Every participant acts through the binary; the log is read back in-process.
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';
import { patience } from './helpers/patience.js';

let project: TempProject;
afterEach(() => project?.cleanup());

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
/** A real instant `s` seconds after the drill started (what AIOPS_NOW hands the binary). */
const realAt = (s: number) => new Date(T0 + s * 1000).toISOString();
const SPEED = 20;
/**
 * The binary's start-up in drill seconds (the CLI's clock runs on from AIOPS_NOW): two real seconds,
 * more on a loaded machine (2.2 s was seen with two suites running), read when the stamps are checked.
 */
const slack = () => (patience(2000) / 1000) * SPEED;

describe('one drill clock for everyone (×20, fake real clock)', () => {
  it('Given three participants, Then every stamp is drill time from the incident record, injects land at their own time and a late pause is scored late', async () => {
    project = makeProject();
    // The facilitator starts the drill at real T0 (no TTY: it is started and printed).
    const started = await aiops(project, ['drill', 'wrong-tenant-leak', '--speed', String(SPEED), '--json'], { as: 'alice', env: { AIOPS_NOW: realAt(0) } });
    expect(started.exitCode, started.stderr).toBe(0);
    const id = started.json().id as string;
    // The T+0 inject is stamped at the instant the drill opened.
    const openedAt = started.json().incident.injects[0].ts as string;
    expect(Date.parse(openedAt)).toBeGreaterThanOrEqual(T0);
    const base = Date.parse(openedAt);
    const at = (ts: string) => (Date.parse(ts) - base) / 1000;
    /** The real instant `s` seconds after the drill opened. */
    const realAfterOpen = (s: number) => new Date(base + s * 1000).toISOString();

    // The starter only facilitates: alice takes command from the CLI at real +3s = T+1m.
    const command = await aiops(project, ['incident', 'assign', id, 'commander', 'alice', '--json'], { as: 'alice', env: { AIOPS_NOW: realAfterOpen(3) } });
    expect(command.exitCode, command.stderr).toBe(0);

    // A second participant in-process, on a drill terminal's clock (already drill time), at real T0+30s = T+10m.
    const real = new ManualClock(base + 30_000);
    const session = await openSession({ cwd: project.dir, env: {}, as: 'carol', clock: real, project: loadProject({ cwd: project.dir, env: {} }) });
    const tui = drillSession(session, { openedAt, speed: SPEED });
    try {
      const noted = await act(tui, id, { kind: 'note', text: 'carol from her terminal' });
      // Not sped up twice: T+10m, not T+200m. The injects due by then came first, each at its own time.
      expect(at(noted.events[0]!.ts)).toBe(600);
      expect(noted.injects.delivered.map((e) => [e.type === 'drill.inject' ? e.payload.inject : e.type, at(e.ts)])).toEqual([
        ['support-screenshot', 240],
        ['cross-tenant-metric', 360],
        ['reviewer-sample', 480],
      ]);
    } finally {
      await session.close();
    }

    // The commander approves the pause from the CLI at real +48s = T+16m: late, whoever made it. It is
    // the first command since T+12m, so it delivers the public post (due T+12m `when: {missed: paused}`)
    // first: stamped T+12m and decided as of T+12m, when the pause had not happened yet.
    const approve = await aiops(project, ['incident', 'approve', id, 'pause', '--json'], { as: 'alice', env: { AIOPS_NOW: realAfterOpen(48) } });
    expect(approve.exitCode, approve.stderr).toBe(0);
    // A third participant, the CLI as bob, at real +50s = T+16m40s.
    const note = await aiops(project, ['incident', 'note', id, 'bob from the CLI', '--json'], { as: 'bob', env: { AIOPS_NOW: realAfterOpen(50) } });
    expect(note.exitCode, note.stderr).toBe(0);
    const ended = await aiops(project, ['drill', 'end', id, '--json'], { as: 'alice', env: { AIOPS_NOW: realAfterOpen(60) } });
    expect(ended.exitCode, ended.stderr).toBe(0);

    const exported = await aiopsInProcess(project, ['evidence', 'export', id]);
    const events = exported.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.type);
    const ts = (e: { ts?: string; timestamp?: string }) => (e.ts ?? e.timestamp)!;
    // Stamps never go backwards, and evidence verify agrees.
    const times = events.map((e) => Date.parse(ts(e)));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect((await aiopsInProcess(project, ['evidence', 'verify', id, '--json'])).json().ok).toBe(true);

    const injectAt = Object.fromEntries(events.filter((e) => e.type === 'drill.inject').map((e) => [e.payload.inject, at(ts(e))]));
    expect(injectAt['public-post']).toBe(720);
    const bobs = events.find((e) => e.type === 'note.added' && e.actor === 'bob')!;
    expect(at(ts(bobs))).toBeGreaterThanOrEqual(1000);
    expect(at(ts(bobs))).toBeLessThan(1000 + slack());
    const granted = events.find((e) => e.type === 'approval.granted')!;
    expect(at(ts(granted))).toBeGreaterThanOrEqual(960);
    expect(at(ts(granted))).toBeLessThan(960 + slack());
    const post = events.find((e) => e.type === 'drill.inject' && e.payload.inject === 'public-post')!;
    expect(post.seq).toBeLessThan(granted.seq);

    const results = Object.fromEntries(ended.json().results.map((r: { id: string; outcome: string }) => [r.id, r.outcome]));
    expect(results.paused).toBe('met_late');
    expect(results['pause-approved']).toBe('met_late');
    expect(ended.json().early).toBe(true);
    expect(at(ended.json().endedAt)).toBeGreaterThanOrEqual(1200);
  }, patience(120_000));
});
