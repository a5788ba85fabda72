import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { openEventLog } from '../src/store/index.js';
import { aiops } from './helpers/cli.js';
import { makeProject, type TempProject } from './helpers/project.js';
import { APPENDER, type Ack } from './slow/kill-loop.js';

let project: TempProject;
afterEach(() => project?.cleanup());

const WRITERS = 4;
const EVENTS_EACH = 60;

interface Writer {
  child: ChildProcessWithoutNullStreams;
  ready: Promise<void>;
  done: Promise<{ code: number | null; acks: Ack[]; stderr: string }>;
}

function startWriter(db: string, incident: string, actor: string): Writer {
  const child = spawn(process.execPath, [APPENDER, '--db', db, '--incident', incident, '--actor', actor, '--count', String(EVENTS_EACH), '--batch', '3', '--act', '--wait-go']);
  let out = '';
  let stderr = '';
  let markReady!: () => void;
  const ready = new Promise<void>((r) => (markReady = r));
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (c: string) => {
    out += c;
    if (out.startsWith('ready\n')) markReady();
  });
  child.stderr.on('data', (c) => (stderr += c));
  const done = new Promise<{ code: number | null; acks: Ack[]; stderr: string }>((resolve) =>
    child.on('close', (code) => {
      markReady();
      const acks = [...out.matchAll(/^ack (\d+) ([0-9a-f]{64})$/gm)].map((m) => ({ seq: Number(m[1]), hash: m[2]! }));
      resolve({ code, acks, stderr });
    }),
  );
  return { child, ready, done };
}

describe('several processes writing one incident at once', () => {
  it('keeps seq gap-free and the chain linear, with no SQLITE_BUSY surfaced', async () => {
    // Given an open incident
    project = makeProject({ withScenarios: false });
    const start = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'race', '--service', 'svc', '--json'], { as: 'alice' });
    expect(start.exitCode, start.stderr).toBe(0);
    const id = start.json().incident.id as string;
    const before = await countEvents(project.db);

    // When 4 store writers are released together while people also add notes through the CLI
    const writers = ['w1', 'w2', 'w3', 'w4'].slice(0, WRITERS).map((a) => startWriter(project.db, id, a));
    await Promise.all(writers.map((w) => w.ready));
    for (const w of writers) w.child.stdin.end('go\n');
    const people = ['alice', 'bob', 'carol', 'dan'];
    const [results, cli] = await Promise.all([
      Promise.all(writers.map((w) => w.done)),
      Promise.all(people.map((p) => aiops(project, ['incident', 'note', id, `note from ${p} during the race`], { as: p }))),
    ]);

    // Then every writer finished cleanly and acknowledged all its events
    for (const r of [...results, ...cli]) {
      expect(r.stderr).not.toMatch(/SQLITE_BUSY|SQLITE_LOCKED|database is locked|stayed locked/);
    }
    for (const r of results) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.acks).toHaveLength(EVENTS_EACH);
    }
    for (const r of cli) expect(r.exitCode, r.stderr).toBe(0);

    // And the log holds exactly those events, seq 1..N without gaps, each ack matching its row
    const log = await openEventLog(project.db, { readonly: true });
    const events = await log.readSince(0, 1_000_000);
    await log.close();
    const total = before + WRITERS * EVENTS_EACH + people.length;
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    const bySeq = new Map(events.map((e) => [e.seq, e.hash]));
    for (const r of results) for (const a of r.acks) expect(bySeq.get(a.seq)).toBe(a.hash);
    // And each writer's own events are in the order it wrote them (no event written twice)
    for (const w of ['w1', 'w2', 'w3', 'w4']) {
      const texts = events.filter((e) => e.actor === w).map((e) => (e.payload as { text: string }).text);
      expect(texts).toEqual(Array.from({ length: EVENTS_EACH }, (_, i) => `${w} note ${i + 1}`));
    }
    // And the writes really interleaved (the test would prove nothing if they ran one after another)
    const actors = events.slice(before).map((e) => e.actor);
    const switches = actors.filter((a, i) => i > 0 && a !== actors[i - 1]).length;
    expect(switches).toBeGreaterThan(WRITERS);
    // And the chain verifies through the binary
    const verify = await aiops(project, ['--db', project.db, 'evidence', 'verify', '--json']);
    expect(verify.exitCode, verify.stdout).toBe(0);
    expect(verify.json()).toMatchObject({ ok: true, events: total });
  });
});

async function countEvents(db: string): Promise<number> {
  const log = await openEventLog(db, { readonly: true });
  try {
    return (await log.head())?.seq ?? 0;
  } finally {
    await log.close();
  }
}
