import { afterEach, describe, expect, it } from 'vitest';
import { liveIncidentFor } from '../src/app/live-incident.js';
import { loadProject } from '../src/app/project.js';
import { openSession } from '../src/app/session.js';
import { startIncident } from '../src/app/start-incident.js';
import { RECENT_NOTES } from '../src/core/incident-state.js';
import type { NewEvent } from '../src/core/events.js';
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';
import { appendTo } from './helpers/seed-log.js';

let project: TempProject;
afterEach(() => project?.cleanup());

describe('notes: the incident state keeps the latest few, the --json view lists them all', () => {
  it('shows every note in `incident show --json` while the state holds only the latest', async () => {
    // Given an incident with more notes than the state keeps
    project = makeProject({ withScenarios: false });
    const session = await openSession({ cwd: project.dir, env: {}, as: 'alice', project: loadProject({ cwd: project.dir, env: {} }), create: true });
    const total = RECENT_NOTES + 7;
    let id: string;
    try {
      const { state } = await startIncident(session, { trigger: 'data_leakage', title: 'Leak', service: 'eu' });
      id = state.id;
      const notes: NewEvent[] = Array.from({ length: total }, (_, i) => ({
        type: 'note.added',
        incidentId: state.id,
        ts: new Date(Date.parse(state.openedAt) + (i + 1) * 1000).toISOString(),
        actor: i % 2 ? 'bob' : 'alice',
        role: null,
        payload: { text: `observation ${i}`, attachments: [] },
      }));
      await appendTo(session.log, notes);
      // The folded state holds the latest RECENT_NOTES and the count, not every note
      const live = (await liveIncidentFor(session, state.id)).state;
      expect(live.noteCount).toBe(total);
      expect(live.recentNotes.map((n) => n.text)).toEqual(Array.from({ length: RECENT_NOTES }, (_, i) => `observation ${total - RECENT_NOTES + i}`));
    } finally {
      await session.close();
    }
    // When it is shown as JSON, and as text
    const json = await aiops(project, ['incident', 'show', id!, '--json']);
    const text = await aiops(project, ['incident', 'show', id!]);
    // Then the JSON view lists every note in order, and the text the latest ones
    expect(json.exitCode, json.stderr).toBe(0);
    const view = json.json().incident;
    expect(view.notes).toHaveLength(total);
    expect(view.notes.map((n: { text: string }) => n.text)).toEqual(Array.from({ length: total }, (_, i) => `observation ${i}`));
    expect(text.stdout).toContain(`observation ${total - 1}`);
    expect(text.stdout).not.toContain('observation 0\n');
  });
});

describe('notes: `incident show` lists the latest 200 unless --all-notes', () => {
  it('caps the notes of a long incident, says how many it left out, and lists them all with --all-notes', async () => {
    // Given an incident with 230 notes
    project = makeProject({ withScenarios: false });
    const session = await openSession({ cwd: project.dir, env: {}, as: 'alice', project: loadProject({ cwd: project.dir, env: {} }), create: true });
    let id: string;
    try {
      const { state } = await startIncident(session, { trigger: 'data_leakage', title: 'Leak', service: 'eu' });
      id = state.id;
      await appendTo(session.log, Array.from({ length: 230 }, (_, i) => ({
        type: 'note.added', incidentId: state.id, ts: new Date(Date.parse(state.openedAt) + (i + 1) * 1000).toISOString(),
        actor: 'bob', role: null, payload: { text: `n${i}`, attachments: [] },
      }) as NewEvent));
    } finally {
      await session.close();
    }
    // When shown as JSON, with and without --all-notes
    const capped = (await aiops(project, ['incident', 'show', id!, '--json'])).json();
    const all = (await aiops(project, ['incident', 'show', id!, '--json', '--all-notes'])).json();
    // Then the capped view has the latest 200, oldest first, and says 30 were left out
    expect(capped.notesOmitted).toBe(30);
    expect(capped.incident.notes.map((n: { text: string }) => n.text)).toEqual(Array.from({ length: 200 }, (_, i) => `n${i + 30}`));
    expect(all.notesOmitted).toBeUndefined();
    expect(all.incident.notes).toHaveLength(230);
    // And on a terminal: the latest 5, saying how many there are and how to see every one
    const text = (await aiops(project, ['incident', 'show', id!])).stdout;
    expect(text).toContain(`Notes (the latest 5 of 230; every one: aiops incident show ${id!} --all-notes):`);
    expect(text.match(/ bob: n\d+/g)).toEqual(Array.from({ length: 5 }, (_, i) => ` bob: n${225 + i}`));
    const every = (await aiops(project, ['incident', 'show', id!, '--all-notes'])).stdout;
    expect(every).toContain('Notes:\n');
    expect(every.match(/ bob: n\d+/g)).toHaveLength(230);
  });
});
