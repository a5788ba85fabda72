import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { liveIncidentFor } from '../src/app/live-incident.js';
import { loadProject } from '../src/app/project.js';
import { openSession, type Session } from '../src/app/session.js';
import { act } from '../src/app/act.js';
import { startIncident } from '../src/app/start-incident.js';
import { decodeSnapshot, encodeSnapshot, SNAPSHOT_FORMAT } from '../src/core/incident/snapshot.js';
import { reduceIncident } from '../src/core/reducer.js';
import { makeProject, type TempProject } from './helpers/project.js';

let project: TempProject;
afterEach(() => project?.cleanup());

async function session(): Promise<Session> {
  return openSession({ cwd: project.dir, env: {}, as: 'alice', project: loadProject({ cwd: project.dir, env: {} }), create: true });
}

/** An incident with a few commands on it, each written through the pipeline (so each wrote a snapshot). */
async function incidentWithNotes(notes: number): Promise<string> {
  const s = await session();
  try {
    const { state } = await startIncident(s, { trigger: 'data_leakage', title: 'Leak', service: 'eu' });
    for (let i = 0; i < notes; i++) await act(s, state.id, { kind: 'note', text: `look ${i}`, attachments: [] });
    return state.id;
  } finally {
    await s.close();
  }
}

function withDb<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(project.db);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

const snapshotRow = (id: string) => withDb((db) => db.prepare('SELECT last_seq AS lastSeq, state AS text FROM incident_snapshots WHERE incident_id = ?').get(id) as { lastSeq: number; text: string });
const setSnapshot = (id: string, lastSeq: number, text: string) => withDb((db) => db.prepare('UPDATE incident_snapshots SET last_seq = ?, state = ? WHERE incident_id = ?').run(lastSeq, text, id));

/** The incident as a fresh session loads it, and as a fold of every one of its events. */
async function loadedAndFolded(id: string) {
  const s = await session();
  try {
    const loaded = (await liveIncidentFor(s, id)).state;
    const folded = reduceIncident(await s.log.readIncident(id))!;
    return { loaded, folded };
  } finally {
    await s.close();
  }
}

describe('per-incident snapshots: a cache of the fold, written with each append, never trusted over the events', () => {
  it('writes the folded state at the incident’s last seq with every command, and a fresh session loads the same state', async () => {
    // Given an incident worked through the pipeline
    project = makeProject({ withScenarios: false });
    const id = await incidentWithNotes(3);
    // Then its snapshot is at its last seq and decodes to the state its events fold to
    const row = snapshotRow(id);
    const { loaded, folded } = await loadedAndFolded(id);
    expect(row.lastSeq).toBe(folded.lastSeq);
    expect(decodeSnapshot(row.text, id)?.state).toEqual(folded);
    expect(loaded).toEqual(folded);
  });

  it('holds a run its step shares with the incident once, and each role-history string once, and reads them back as the fold has them', async () => {
    project = makeProject({ withScenarios: false });
    const id = await incidentWithNotes(0);
    const { folded } = await loadedAndFolded(id);
    // Given a run in the incident and its step (the fold shares it), a step run the incident does not hold, and a handed-off role
    const run = { run: 'run-1', seq: 2, hook: 'h', step: folded.steps[0]!.id, argv: ['x'], startedAt: folded.openedAt, startedBy: 'alice', retry: false, simulated: false };
    const other = { ...run, run: 'run-9' };
    const state = {
      ...folded,
      runs: [run],
      steps: folded.steps.map((st, i) => (i === 0 ? { ...st, runs: [run, other] } : st)),
      roleHistory: [
        { role: 'commander', person: 'alice', from: '2026-03-01T09:00:00.000Z', to: '2026-03-01T09:05:00.000Z', handoff: false },
        { role: 'commander', person: 'bob', from: '2026-03-01T09:05:00.000Z', to: null, handoff: true },
      ],
    };
    // When it is written as a snapshot and read back
    const text = encodeSnapshot(state, 'h'.repeat(64));
    const back = decodeSnapshot(text, id)!.state;
    // Then the state is the same, the shared run is one object again, and the instant of the handoff is written once
    expect(back).toEqual(state);
    expect(back.steps[0]!.runs[0]).toBe(back.runs[0]);
    expect(text.split('2026-03-01T09:05:00.000Z')).toHaveLength(2);
  });

  it('reads a snapshot that checks out instead of folding the events again', async () => {
    project = makeProject({ withScenarios: false });
    const id = await incidentWithNotes(1);
    const { folded } = await loadedAndFolded(id);
    const s = await session();
    const [last] = await s.log.readIncident(id, { newestFirst: true, limit: 1 });
    await s.close();
    // Given a snapshot at the incident's real last event whose state differs from the fold
    setSnapshot(id, folded.lastSeq, encodeSnapshot({ ...folded, summary: 'from the snapshot' }, last!.hash));
    // Then a fresh session starts from it
    expect((await loadedAndFolded(id)).loaded.summary).toBe('from the snapshot');
  });

  it('starts from an older snapshot and folds only the newer events onto it', async () => {
    project = makeProject({ withScenarios: false });
    const id = await incidentWithNotes(1);
    const older = snapshotRow(id);
    const s = await session();
    await act(s, id, { kind: 'note', text: 'later', attachments: [] });
    await s.close();
    // Given the snapshot put back to before the last note
    setSnapshot(id, older.lastSeq, older.text);
    // Then loading gives the state of every event
    const { loaded, folded } = await loadedAndFolded(id);
    expect(loaded.noteCount).toBe(2);
    expect(loaded).toEqual(folded);
  });

  it.each([
    ['text that is not JSON', (_t: string) => '{"format":1,"incident":'],
    ['a state edited behind the log (checksum no longer matches)', (t: string) => t.replace('"title":"Leak"', '"title":"Forged"')],
    ['a snapshot of another format', (t: string) => t.replace(`{"format":${SNAPSHOT_FORMAT},`, `{"format":${SNAPSHOT_FORMAT - 1},`)],
  ])('ignores %s and rebuilds from the events', async (_what, corrupt) => {
    project = makeProject({ withScenarios: false });
    const id = await incidentWithNotes(2);
    const row = snapshotRow(id);
    // Given a corrupted snapshot
    const bad = corrupt(row.text);
    expect(bad).not.toBe(row.text);
    setSnapshot(id, row.lastSeq, bad);
    // Then the incident loads as its events say
    const { loaded, folded } = await loadedAndFolded(id);
    expect(loaded).toEqual(folded);
    expect(loaded.title).toBe('Leak');
    // And the next command writes a good snapshot again
    const s = await session();
    await act(s, id, { kind: 'note', text: 'after', attachments: [] });
    await s.close();
    expect(decodeSnapshot(snapshotRow(id).text, id)?.state.noteCount).toBe(3);
  });

  it('ignores a well-formed snapshot that was not taken at the log’s event at its seq (a forged state with its own checksum)', async () => {
    project = makeProject({ withScenarios: false });
    const id = await incidentWithNotes(1);
    const { folded } = await loadedAndFolded(id);
    // Given a self-consistent snapshot claiming another chain at the same seq
    setSnapshot(id, folded.lastSeq, encodeSnapshot({ ...folded, title: 'Forged' }, 'f'.repeat(64)));
    // Then the events win
    const { loaded } = await loadedAndFolded(id);
    expect(loaded.title).toBe('Leak');
    expect(loaded).toEqual(folded);
  });

  it('is not evidence: the chain verifies whatever the snapshot holds', async () => {
    project = makeProject({ withScenarios: false });
    const id = await incidentWithNotes(1);
    setSnapshot(id, 1, 'garbage');
    const s = await session();
    try {
      expect((await s.log.verify()).ok).toBe(true);
      expect((await s.log.verify({ incidentId: id })).ok).toBe(true);
    } finally {
      await s.close();
    }
  });
});
