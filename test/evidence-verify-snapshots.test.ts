import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeSnapshot, encodeSnapshot } from '../src/core/incident/snapshot.js';
import { aiops } from './helpers/cli.js';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

/** Rewrites an incident's stored snapshot as a forger would: the state edited, its checksum recomputed, the chain untouched. */
function forgeSnapshot(db: string, id: string, edit: (state: any) => any): void {
  const conn = new Database(db);
  const row = conn.prepare('SELECT last_seq, state FROM incident_snapshots WHERE incident_id = ?').get(id) as { last_seq: number; state: string };
  const claim = decodeSnapshot(row.state, id)!;
  expect(claim).not.toBeNull();
  conn.prepare('UPDATE incident_snapshots SET state = ? WHERE incident_id = ?').run(encodeSnapshot(edit(claim.state), claim.lastHash), id);
  conn.close();
}

describe('evidence verify and the snapshots commands start from', () => {
  it('Given a snapshot whose state was edited with its checksum recomputed, When the evidence is verified, Then it is named as tampered, exit 1, for the log and for the incident', async () => {
    project = makeProject({ withScenarios: false });
    const p = project;
    const cli = aiopsInProcess;
    const id = (await cli(p, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'acme', '--json'], { as: 'alice' })).json().incident.id as string;
    expect((await cli(p, ['incident', 'assign', id, 'reviewer', 'bob'], { as: 'alice' })).exitCode).toBe(0);
    expect((await cli(p, ['incident', 'note', id, 'looked'], { as: 'alice' })).exitCode).toBe(0);
    // The genuine log verifies, snapshots included
    const before = await cli(p, ['evidence', 'verify', '--json']);
    expect(before.exitCode, before.stdout).toBe(0);
    expect(before.json().snapshots).toEqual({ checked: 1, problems: [] });

    // When mallory's copy of the state makes her the reviewer (the events still say bob)
    forgeSnapshot(p.db, id, (s) => ({ ...s, roleHistory: s.roleHistory.map((r: any) => (r.role === 'reviewer' ? { ...r, person: 'mallory' } : r)) }));

    // Then the whole-log check and the incident's check both fail, naming the snapshot (the binary itself)
    const whole = await aiops(p, ['evidence', 'verify']);
    expect(whole.exitCode).toBe(1);
    expect(whole.stdout).toContain(`TAMPERED: snapshot of ${id} (seq `);
    expect(whole.stdout).toContain('snapshot-mismatch: the stored snapshot');
    const one = await cli(p, ['evidence', 'verify', id, '--json']);
    expect(one.exitCode).toBe(1);
    expect(one.json()).toMatchObject({ ok: false, snapshots: { checked: 1, problems: [{ incidentId: id, kind: 'snapshot-mismatch' }] } });
  });
});
