import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { liveIncidentFor, pollLiveIncident } from '../src/app/live-incident.js';
import { sealEvent } from '../src/core/hash-chain.js';
import { openEventLog } from '../src/store/index.js';
import type { EventLog } from '../src/store/types.js';
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';

let project: TempProject | undefined;
let log: EventLog | undefined;
afterEach(async () => {
  await log?.close();
  log = undefined;
  project?.cleanup();
});

/** A row written into the file behind aiops's back after the last one: its hash covers its own content, its prev_hash is `prev`. */
function forgeNext(db: string, id: string, prev: string): void {
  const conn = new Database(db);
  const last = conn.prepare('SELECT seq FROM events ORDER BY seq DESC LIMIT 1').get() as { seq: number };
  const seq = last.seq + 1;
  const fields = { seq, incident_id: id, ts: new Date().toISOString(), actor: 'mallory', role: 'commander', type: 'note.added', payload: { text: 'forged', attachments: [] } };
  const { payloadText, hash } = sealEvent(prev, fields);
  conn.prepare('INSERT INTO events (seq, incident_id, ts, actor, role, type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(seq, id, fields.ts, fields.actor, fields.role, fields.type, payloadText, prev, hash);
  conn.close();
}

describe('an incident kept live (the TUI) checks what it reads next', () => {
  it('Given a live incident, When another terminal adds a note, Then the poll folds it; When a row is forged onto the end, Then the poll refuses the incident', async () => {
    project = makeProject({ withScenarios: false });
    const p = project;
    const started = await aiops(p, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'acme', '--json'], { as: 'alice' });
    expect(started.exitCode, started.stderr).toBe(0);
    const id = started.json().incident.id as string;
    log = await openEventLog(p.db);
    const holder = { log };
    const live = await liveIncidentFor(holder, id);
    const seen = live.state.lastSeq;

    // A genuine note from another process is folded, and the live incident now links on from it
    expect((await aiops(p, ['incident', 'note', id, 'checked the tenant map'], { as: 'alice' })).exitCode).toBe(0);
    const fresh = await pollLiveIncident(holder, live);
    expect(fresh.map((e) => e.type)).toEqual(['note.added']);
    expect(live.state.lastSeq).toBe(seen + 1);
    expect(live.lastHash).toBe(fresh[0]!.hash);

    // A row whose own hash holds but which does not link to the last event is refused, not folded
    forgeNext(p.db, id, 'f'.repeat(64));
    await expect(pollLiveIncident(holder, live)).rejects.toThrow(`EVIDENCE VERIFICATION FAILED for ${id}: first bad seq ${seen + 2} (broken-link)`);
    expect(live.state.lastSeq).toBe(seen + 1);
  });
});
