import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock.js';
import type { EventOf } from '../src/core/events.js';
import { endDrill, resolveScenario, runDrillLoop, startDrill } from '../src/app/drills.js';
import { loadProject } from '../src/app/project.js';
import { openSession, type Session } from '../src/app/session.js';
import { aiops } from './helpers/cli.js';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';
import { patience } from './helpers/patience.js';

let project: TempProject;
afterEach(() => project?.cleanup());

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const AT = { 'pii-alert': 0, 'support-screenshot': 240, 'cross-tenant-metric': 360, 'reviewer-sample': 480, 'public-post': 720, 'deploy-log': 900, 'retrieval-trace': 1080 };

/** A wrong-tenant-leak drill at x10 started at T0 on a manual clock, handed to `fn` with its session; closed after. */
async function onManualClock(fn: (session: Session, real: ManualClock, id: string) => Promise<void>): Promise<void> {
  project = makeProject();
  const real = new ManualClock(T0);
  const session = await openSession({ cwd: project.dir, env: {}, as: 'alice', clock: real, project: loadProject({ cwd: project.dir, env: {} }), create: true });
  try {
    const started = await startDrill(session, resolveScenario(session.project, 'wrong-tenant-leak', project.dir), { speed: 10 });
    await fn(session, real, started.state.id);
  } finally {
    await session.close();
  }
}

describe('aiops drill run: injects on time with no TUI open', () => {
  it('Given a drill at x10 on a manual clock, When the loop runs, Then each inject is logged at its own drill time, reported once with its sender, and the drill ends at the scenario end', async () => {
    await onManualClock(async (session, real, id) => {
      const seen: EventOf<'drill.inject'>[] = [];
      const waits: number[] = [];
      const out = await runDrillLoop(session, id, {
        sleep: async (ms) => {
          waits.push(ms);
          real.advance(ms);
        },
        onInject: (e) => seen.push(e),
        pollMs: 60_000,
      });
      expect(seen.map((e) => [e.payload.inject, (Date.parse(e.ts) - T0) / 1000])).toEqual(Object.entries(AT));
      expect(seen.find((e) => e.payload.inject === 'public-post')!.payload.source).toBe('social');
      // It slept until each inject fell due (drill ms / speed), not in fixed steps.
      expect(waits.slice(0, 3)).toEqual([24_000, 12_000, 12_000]);
      expect(out.endedByLoop?.early).toBe(false);
      expect(out.ended).not.toBeNull();
    });
  });

  it('Given a drill whose timeline ran out unseen, When it is ended, Then the end it logged by itself is the answer: no refusal, one drill.ended', async () => {
    // (`drill run` ends the drill at the scenario's end; on a loaded machine the end can pass between
    // its status read and its end command, and the end command used to be refused as already ended)
    await onManualClock(async (session, real, id) => {
      real.advance(3_600_000);
      const ended = await endDrill(session, id);
      expect(ended.early).toBe(false);
      expect(ended.delivered.map((e) => e.type)).toContain('drill.ended');
      const events = await session.log.readIncident(id);
      expect(events.filter((e) => e.type === 'drill.ended')).toHaveLength(1);
      expect(events.filter((e) => e.type === 'policy.refused')).toEqual([]);
      expect(ended.score.score).toBe((events.find((e) => e.type === 'drill.ended') as EventOf<'drill.ended'>).payload.score);
    });
  });

  it('Given a drill started at x600, When aiops drill run runs it, Then it prints every inject with its sender at its drill time and ends the drill', async () => {
    project = makeProject();
    // `drill run` through the binary itself (it waits in real time and ends on its own); the rest in-process
    const started = await aiopsInProcess(project, ['drill', 'wrong-tenant-leak', '--speed', '600', '--json'], { as: 'alice' });
    expect(started.exitCode, started.stderr).toBe(0);
    const id = started.json().id as string;
    const run = await aiops(project, ['drill', 'run', id], { as: 'alice' });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('T+12m00s  [message] from social: Screenshot of the foreign invoice posted publicly');
    expect(run.stdout).toContain('T+18m00s  [tool_call] from agent-trace:');
    expect(run.stdout).toMatch(new RegExp(`${id} ended: score \\d+/100`));
    const status = await aiopsInProcess(project, ['drill', 'status', id, '--json']);
    const openedAt = Date.parse(status.json().incident.injects[0].ts);
    expect(status.json().incident.injects.map((i: { inject: string; ts: string }) => [i.inject, (Date.parse(i.ts) - openedAt) / 1000])).toEqual(Object.entries(AT));
    expect((await aiopsInProcess(project, ['evidence', 'verify', '--json'])).json().ok).toBe(true);
  }, patience(60_000));
  it('Given --speed past an hour of drill time per real second, When a drill is started, Then it is refused with exit 2 and nothing is logged', async () => {
    // One refusal at a time, in-process
    project = makeProject();
    for (const args of [['--speed', '1e9'], ['--speed', '3601'], ['--speed', '1e9', '--auto']]) {
      const out = await aiopsInProcess(project, ['drill', 'wrong-tenant-leak', ...args], { as: 'alice' });
      expect(out.exitCode, out.stdout).toBe(2);
      expect(out.stderr).toContain(`--speed is at most 3600 (an hour of drill time per real second), got "${args[1]}"`);
    }
    expect((await aiopsInProcess(project, ['drill', 'list', '--json'])).json().drills).toEqual([]);
    // The app path (the TUI's and --auto's start) makes the same check
    const session = await openSession({ cwd: project.dir, env: {}, as: 'alice', clock: new ManualClock(T0), project: loadProject({ cwd: project.dir, env: {} }), create: true });
    try {
      const loaded = resolveScenario(session.project, 'wrong-tenant-leak', project.dir);
      await expect(startDrill(session, loaded, { speed: 1e9 })).rejects.toThrow('--speed is at most 3600');
      expect((await startDrill(session, loaded, { speed: 3600 })).timing.speed).toBe(3600);
    } finally {
      await session.close();
    }
  });
});
