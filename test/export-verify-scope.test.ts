import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventHash } from '../src/core/hash-chain.js';
import type { EventRow as Row } from '../src/store/row-mapping.js';
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';
import { checkpointed, tamperKit } from './helpers/tamper.js';

// The export checks the incident it exports (each event re-hashed, linked to seq - 1 and seq + 1,
// the recorded chain head), not the whole log; `aiops evidence verify` walks the whole chain.

let project: TempProject;
let pristine: string;
let mine: string;
let other: string;
const kit = tamperKit(() => pristine, 'aiops-scope-');
const tampered = kit.tampered;

beforeAll(async () => {
  // Given a log written by aiops: two incidents whose notes interleave
  project = makeProject({ withScenarios: false });
  const a = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'eu', '--json'], { as: 'alice' });
  expect(a.exitCode, a.stderr).toBe(0);
  mine = a.json().incident.id;
  const b = await aiops(project, ['incident', 'start', '--trigger', 'unexpected_tool_call', '--title', 'Tool', '--service', 'us', '--json'], { as: 'dan' });
  expect(b.exitCode, b.stderr).toBe(0);
  other = b.json().incident.id;
  for (const [who, id, text] of [['alice', mine, 'first note'], ['dan', other, 'tool note'], ['bob', mine, 'second note'], ['dan', other, 'last note']]) {
    const r = await aiops(project, ['incident', 'note', id!, text!], { as: who });
    expect(r.exitCode, r.stderr).toBe(0);
  }
  pristine = checkpointed(project.db);
});
afterAll(() => {
  project?.cleanup();
  kit.cleanup();
});


const seqsOf = (rows: Row[], id: string) => rows.filter((r) => r.incident_id === id).map((r) => r.seq);
const note = (rows: Row[], id: string, text: string) => rows.find((r) => r.incident_id === id && r.type === 'note.added' && r.payload.includes(text))!;

describe('aiops export checks the exported incident, and says the rest was not re-walked', () => {
  it('reports the first bad seq when one of the incident’s own events was edited', async () => {
    // Given the incident's first note edited after it was written
    let edited = 0;
    const db = tampered((d, rows) => {
      edited = note(rows, mine, 'first note').seq;
      d.prepare('UPDATE events SET payload = ? WHERE seq = ?').run(note(rows, mine, 'first note').payload.replace('first note', 'nothing to see'), edited);
    });
    // When it is exported
    const r = await aiops(project, ['--db', db, 'export', mine]);
    // Then the export fails its check at that seq, says what was checked, and exits 1
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain(`**EVIDENCE VERIFICATION FAILED:** first bad seq ${edited} (hash-mismatch)`);
    expect(r.stdout).toContain("Only this incident's events and their links were checked");
    expect(r.stderr).toContain(`first bad seq ${edited}`);
    const json = await aiops(project, ['--db', db, 'export', mine, '--json']);
    expect(json.json().verification).toMatchObject({ ok: false, scope: 'incident', firstBad: { seq: edited, kind: 'hash-mismatch' } });
  });

  it('does not see an edit to another incident’s event, which `aiops evidence verify` still catches', async () => {
    // Given another incident's note edited after it was written
    let edited = 0;
    const db = tampered((d, rows) => {
      const row = note(rows, other, 'tool note');
      edited = row.seq;
      d.prepare('UPDATE events SET payload = ? WHERE seq = ?').run(row.payload.replace('tool note', 'rewritten'), edited);
    });
    // When this incident is exported
    const r = await aiops(project, ['--db', db, 'export', mine]);
    // Then its own events check out, and the line says the rest of the log was not re-walked
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('**Evidence verified for this incident:** its');
    expect(r.stdout).toContain('The rest of the log was not re-walked — run `aiops evidence verify` for that.');
    // And the whole-chain check names the edited event of the other incident
    const v = await aiops(project, ['--db', db, 'evidence', 'verify', '--json']);
    expect(v.exitCode).toBe(1);
    expect(v.json().firstBad).toMatchObject({ seq: edited, kind: 'hash-mismatch' });
  });

  it('catches a rewritten event of its own whose hash was recomputed: the next event no longer links to it', async () => {
    // Given this incident's first note edited and re-hashed; the next row (the other incident's) still links to the old hash
    let edited = 0;
    const db = tampered((d, rows) => {
      const row = note(rows, mine, 'first note');
      edited = row.seq;
      const payload = JSON.parse(row.payload.replace('first note', 'nothing to see'));
      const hash = eventHash(row.prev_hash, { seq: row.seq, incident_id: row.incident_id, ts: row.ts, actor: row.actor, role: row.role, type: row.type, payload });
      d.prepare('UPDATE events SET payload = ?, hash = ? WHERE seq = ?').run(JSON.stringify(payload), hash, edited);
    });
    // When it is exported
    const json = await aiops(project, ['--db', db, 'export', mine, '--json']);
    // Then the link from the next seq back to it is reported broken
    expect(json.exitCode).toBe(1);
    expect(json.json().verification.firstBad).toMatchObject({ seq: edited + 1, kind: 'broken-link' });
  });

  it('catches a deleted event of another incident right after one of its own (a gap in the chain)', async () => {
    // Given the other incident's event that follows this incident's first note deleted
    let gone = 0;
    const db = tampered((d, rows) => {
      gone = note(rows, mine, 'first note').seq + 1;
      expect(seqsOf(rows, other)).toContain(gone);
      d.prepare('DELETE FROM events WHERE seq = ?').run(gone);
    });
    // When this incident is exported
    const json = await aiops(project, ['--db', db, 'export', mine, '--json']);
    // Then the gap is reported at the missing seq
    expect(json.exitCode).toBe(1);
    expect(json.json().verification.firstBad).toMatchObject({ seq: gone, kind: 'gap' });
  });

  it('catches a row planted at seq 0 for the incident, as `aiops evidence verify` does', async () => {
    // Given a note for the incident inserted before the first seq aiops ever writes
    const db = tampered((d, rows) => {
      const first = rows.find((r) => r.incident_id === mine && r.type === 'note.added')!;
      d.prepare('INSERT INTO events VALUES (0, ?, ?, ?, ?, ?, ?, ?, ?)').run(mine, first.ts, 'mallory', null, 'note.added', '{"attachments":[],"text":"all clear"}', '0'.repeat(64), first.hash);
    });
    // When it is exported and verified
    const r = await aiops(project, ['--db', db, 'export', mine, '--format', 'json']);
    const full = await aiops(project, ['--db', db, 'evidence', 'verify', '--json']);
    // Then both fail at seq 0; the export's timeline still starts at the opening
    expect(r.exitCode, r.stderr).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.verification).toMatchObject({ ok: false, firstBad: { seq: 0, kind: 'bad-row' } });
    expect(doc.timeline[0]).toMatchObject({ type: 'incident.opened' });
    expect(full.exitCode).toBe(1);
    expect(full.json().firstBad).toMatchObject({ seq: 0, kind: 'bad-row' });
  });

  it('on an untouched log, checks exactly the incident’s events and reports the recorded chain head', async () => {
    const json = await aiops(project, ['export', mine, '--json']);
    expect(json.exitCode, json.stderr).toBe(0);
    const v = json.json().verification;
    const whole = (await aiops(project, ['evidence', 'verify', '--json'])).json();
    expect(v).toMatchObject({ ok: true, scope: 'incident', firstBad: null, chainHead: whole.head });
    expect(v.checkedEvents).toBe(v.incidentEvents);
    expect(v.checkedEvents).toBeLessThan(whole.events);
  });
});
