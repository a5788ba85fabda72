import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { aiops } from './helpers/cli.js';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { makeProject, REPO, type TempProject } from './helpers/project.js';

const NOW = { AIOPS_NOW: '2026-03-14T09:00:00.000Z' };
let project: TempProject;
afterEach(() => project?.cleanup());

/** Drills played one command at a time run in this process; the full-speed timing test spawns the binary. */
const cli = aiopsInProcess;

const outcomes = (doc: any) => Object.fromEntries(doc.score.results.map((r: any) => [r.id, r.outcome]));

/** Score, points and outcomes every shipped scenario gets when its own script plays (manual expectations unjudged). */
const SHIPPED: Record<string, { score: number; earned: number; possible: number; notJudged: string[] }> = {
  'wrong-tenant-leak': { score: 100, earned: 13, possible: 13, notJudged: ['update-clear'] },
  'agent-refund-loop': { score: 100, earned: 11, possible: 11, notJudged: ['voided-in-time'] },
  'hallucinated-refund': { score: 100, earned: 10, possible: 10, notJudged: ['finance-list'] },
  'latency-cost-spike': { score: 100, earned: 12, possible: 12, notJudged: ['versions-known'] },
  'prompt-template-exposure': { score: 100, earned: 11, possible: 11, notJudged: ['enough-sampled'] },
  'reviewer-approved-unknown': { score: 100, earned: 11, possible: 11, notJudged: ['blameless'] },
};

describe('aiops drill --auto', () => {
  it('plays every shipped scenario to its known score and never runs a hook', async () => {
    project = makeProject();
    for (const [id, want] of Object.entries(SHIPPED)) {
      // When the scenario plays unattended
      const r = await cli(project, ['drill', id, '--auto', '--json'], { env: NOW });
      expect(r.exitCode, `${id}: ${r.stderr}`).toBe(0);
      const doc = r.json();
      // Then every script entry was accepted and the score is the known one
      expect(doc.errors, id).toBe(0);
      expect({ score: doc.score.score, earned: doc.score.earned, possible: doc.score.possible }, id).toEqual({ score: want.score, earned: want.earned, possible: want.possible });
      const o = outcomes(doc);
      expect(Object.entries(o).filter(([, v]) => v === 'not_judged').map(([k]) => k), id).toEqual(want.notJudged);
      expect(Object.values(o).filter((v) => v !== 'met' && v !== 'not_judged'), id).toEqual([]);
      expect(doc.id).toMatch(/^DRILL-2026-\d{4}$/);
    }
    // And the hook scripts (which write to AIOPS_STATE_DIR) never ran
    expect(existsSync(project.stateDir) ? readdirSync(project.stateDir) : []).toEqual([]);
    // And playbook list shows each playbook's last script check and its score, but --auto is no rehearsal by people
    const pl = (await cli(project, ['playbook', 'list', '--json'], { env: NOW })).json();
    const leak = pl.playbooks.find((p: any) => p.id === 'data-leakage' && p.latest);
    expect(leak.lastScriptCheck).toMatchObject({ playbook: 'data-leakage', version: '1.2.0', score: 100, date: '2026-03-14', auto: true });
    expect(leak.lastDrill).toBeNull();
    expect(leak.flags).toContain('never drilled');
    const list = (await cli(project, ['drill', 'list', '--json'])).json();
    // Each unpaced run ends at its own now, so runs of different lengths list by start time, not by play order.
    expect(list.drills.map((d: any) => [d.scenario, d.score]).sort()).toEqual(Object.keys(SHIPPED).map((k) => [k, 100]).sort());
  });

  it('gives the same events and score on every run of the same script', async () => {
    project = makeProject();
    const runs = [];
    for (let i = 0; i < 2; i++) {
      const r = await cli(project, ['drill', 'wrong-tenant-leak', '--auto', '--json'], { env: NOW });
      expect(r.exitCode, r.stderr).toBe(0);
      const id = r.json().id as string;
      const lines = (await cli(project, ['evidence', 'export', id])).stdout.trim().split('\n').slice(1).map((l) => JSON.parse(l));
      const t0 = Date.parse(lines[0].ts);
      runs.push({ score: r.json().score.score, events: lines.map((e: any) => ({ type: e.type, offset: Date.parse(e.ts) - t0, actor: e.actor, payload: JSON.parse(JSON.stringify(e.payload).replaceAll(id, 'DRILL-ID')) })) });
    }
    expect(runs[0]!.events.length).toBeGreaterThan(25);
    expect(runs[1]).toEqual(runs[0]);
  });

  it('scores an incomplete script lower, names what was missed, and delivers the `when: {missed}` inject', async () => {
    project = makeProject();
    // Given the wrong-tenant-leak script without the commander approving the pause
    const file = join(project.dir, 'scenarios', 'wrong-tenant-leak.yaml');
    const sc = parse(readFileSync(file, 'utf8'));
    sc.id = 'no-pause';
    sc.script = sc.script.filter((e: any) => !(e.do === 'approve' && e.args.step === 'pause'));
    writeFileSync(join(project.dir, 'scenarios', 'no-pause.yaml'), stringify(sc));
    // When it plays
    const r = await cli(project, ['drill', 'no-pause', '--auto', '--json'], { env: NOW });
    expect(r.exitCode, r.stderr).toBe(0);
    const doc = r.json();
    // Then the pause and everything that must follow it are missed: 7 of 13 points
    expect(doc.score.score).toBe(54);
    expect(outcomes(doc)).toMatchObject({ paused: 'missed', 'pause-approved': 'missed', mitigated: 'missed', 'customers-told': 'missed', 'leak-confirmed': 'met' });
    expect(doc.score.results.find((x: any) => x.id === 'mitigated').reason).toBe('needs paused first, which was missed');
    // And the public post arrives only because nobody paused
    expect(doc.injects.delivered).toContain('public-post');
    expect(doc.injects.heldBack).toEqual([]);
    const full = (await cli(project, ['drill', 'wrong-tenant-leak', '--auto', '--json'], { env: NOW })).json();
    expect(full.injects.delivered).not.toContain('public-post');
    expect(full.injects.heldBack.map((h: any) => h.key)).toEqual(['public-post']);
    // And the human output names what was missed
    const human = await cli(project, ['drill', 'no-pause', '--auto'], { env: NOW });
    expect(human.stdout).toContain('score 54/100');
    expect(human.stdout).toMatch(/MISSED\s+paused\s+w3\s+no matching hook.finished/);
  });

  it('plays a 2-hour scenario at full speed in under 2 seconds (or, on a slower machine, in 10 short drills measured beside it)', async () => {
    project = makeProject({ withScenarios: false });
    const injects = Array.from({ length: 120 }, (_, i) => ({ id: `tick-${i}`, at: `${i}m`, kind: 'metric', source: 'monitor', summary: `error rate sample ${i}` }));
    const script = [
      // alice starts the drill as its facilitator and names herself commander
      { at: '5s', as: 'alice', do: 'assign', args: { role: 'commander', person: 'alice' } },
      { at: '10s', as: 'alice', do: 'assign', args: { role: 'reviewer', person: 'bob' } },
      { at: '20s', as: 'alice', do: 'step', args: { step: 'assign-roles', done: true } },
      { at: '5m', as: 'alice', do: 'approve', args: { step: 'pause' } },
      ...Array.from({ length: 200 }, (_, i) => ({ at: `${6 + Math.floor(i / 2)}m${(i % 2) * 30}s`, as: 'bob', do: 'note', args: { text: `observation ${i}` } })),
      { at: '2h', as: 'alice', do: 'status', args: { status: 'resolved', reason: 'quiet for an hour' } },
    ];
    const sc = {
      id: 'long-haul',
      title: 'Two hours of watching',
      playbook: 'data-leakage',
      incident: { title: 'Slow leak', service: 'assistant-eu', trigger: 'data_leakage' },
      injects,
      expectations: [
        { id: 'paused', event: 'hook.finished', match: { hook: 'pause-feature', ok: true }, within: '10m', weight: 3 },
        { id: 'resolved', event: 'status.changed', match: { to: 'resolved' }, within: '3h', weight: 1 },
      ],
      script,
    };
    writeFileSync(join(project.dir, 'long-haul.yaml'), stringify(sc));
    // The baseline: the shipped 54-minute scenario (a tenth of the entries), played the same way in
    // this run, so a loaded machine moves the bound instead of failing the test.
    const baseStarted = performance.now();
    const base = await aiops(project, ['--db', 'memory:', 'drill', join(REPO, 'scenarios', 'wrong-tenant-leak.yaml'), '--auto', '--json'], { env: NOW });
    const baseWall = performance.now() - baseStarted;
    expect(base.exitCode, base.stderr).toBe(0);
    const started = performance.now();
    const r = await aiops(project, ['drill', 'long-haul.yaml', '--auto', '--json'], { env: NOW });
    const wall = performance.now() - started;
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.json().score.score).toBe(100);
    expect(r.json().drillMs).toBe(2 * 3600_000);
    expect(r.json().injects.delivered).toHaveLength(120);
    // The run itself (drill start to score) is under 2 s; the process adds node startup, and this
    // machine is shared, so the whole invocation gets a looser bound.
    expect(r.json().wallMs).toBeLessThan(Math.max(2000, 10 * base.json().wallMs));
    expect(wall).toBeLessThan(Math.max(6000, 10 * baseWall));
  });

  it('without a scenario and without a TTY lists the scenarios and exits 2', async () => {
    project = makeProject();
    const r = await cli(project, ['drill']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('name the scenario to drill');
    for (const id of Object.keys(SHIPPED)) expect(r.stderr).toContain(id);
  });

  it('reports a script entry the engine refuses and exits 1, still scoring the drill', async () => {
    project = makeProject();
    const file = join(project.dir, 'scenarios', 'wrong-tenant-leak.yaml');
    const sc = parse(readFileSync(file, 'utf8'));
    sc.id = 'bob-approves';
    sc.script = sc.script.map((e: any) => (e.do === 'approve' ? { ...e, as: 'bob' } : e));
    // A redundant first entry: the shipped script names alice commander at 20s already (a warning, not an error)
    sc.script.unshift({ at: '30s', as: 'alice', do: 'assign', args: { role: 'commander', person: 'alice' } });
    writeFileSync(join(project.dir, 'scenarios', 'bob-approves.yaml'), stringify(sc));
    const r = await cli(project, ['drill', 'bob-approves', '--auto'], { env: NOW });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/script #7 \(2m bob approve\): refused: approval\.role/);
    expect(r.stderr).toContain('script #1 (30s alice assign): warning: alice already holds commander');
    expect(r.stdout).toMatch(/score \d+\/100/);
  });
});

describe('an unpaced --auto run in the shared log', () => {
  it('is played over the time just before now, so nothing is stamped in the future', async () => {
    // Given a project and a fixed "now"
    const project = makeProject();
    try {
      const now = '2026-05-04T12:00:00.000Z';
      // When the 54-minute wrong-tenant-leak scenario is played with --auto
      const r = await cli(project, ['drill', 'wrong-tenant-leak', '--auto', '--json'], { env: { AIOPS_NOW: now } });
      expect(r.exitCode, r.stderr).toBe(0);
      // Then it ends at now and started the scenario's length before it
      const list = (await cli(project, ['drill', 'list', '--json'], { env: { AIOPS_NOW: now } })).json();
      expect(list.drills[0].endedAt).toBe(now);
      expect(list.drills[0].startedAt).toBe('2026-05-04T11:06:00.000Z');
    } finally {
      project.cleanup();
    }
  });
});
