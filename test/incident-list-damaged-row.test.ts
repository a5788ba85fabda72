import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEventLog } from '../src/store/index.js';
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';
import { checkpointed, tamperKit } from './helpers/tamper.js';

// The listing rows (incident_summaries) are derived, not evidence: one edited in the file is named
// by verify and rebuilt from the events by every reader, never a crash or a broken --json document.
let project: TempProject;
const ids: string[] = [];
const kit = tamperKit(() => project.db, 'aiops-list-row-');

beforeAll(async () => {
  // Given two incidents, the first with a note and its severity lowered, the second cancelled
  project = makeProject({ withScenarios: false });
  for (const title of ['T', 'U']) {
    const start = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', title, '--service', 'assistant-eu', '--json'], { as: 'alice' });
    expect(start.exitCode, start.stderr).toBe(0);
    ids.push(start.json().incident.id);
  }
  expect((await aiops(project, ['incident', 'note', ids[0]!, 'hello'], { as: 'alice' })).exitCode).toBe(0);
  expect((await aiops(project, ['incident', 'severity', ids[0]!, 'SEV2', '--reason', 'smaller'], { as: 'alice' })).exitCode).toBe(0);
  expect((await aiops(project, ['incident', 'status', ids[1]!, 'cancelled'], { as: 'alice' })).exitCode).toBe(0);
  checkpointed(project.db);
});
afterAll(() => {
  project?.cleanup();
  kit.cleanup();
});

/** A copy of the log with listing rows set by SQL expressions over the stored `summary`. */
function edited(rows: Record<string, string>): string {
  return kit.tampered((d) => {
    for (const [id, sql] of Object.entries(rows)) d.prepare(`UPDATE incident_summaries SET summary = ${sql} WHERE incident_id = ?`).run(id);
  });
}

const DAMAGE = {
  'not JSON': "'{{'",
  'fields of another type': "json_set(summary, '$.title', 5, '$.severity', json('null'))",
  'not an object': "'[1]'",
};

describe('a damaged listing row', () => {
  for (const [what, sql] of Object.entries(DAMAGE)) {
    it(`${what}: verify names the listing mismatch; list shows the incident from its events as text, and --json stays valid JSON`, async () => {
      const db = edited({ [ids[0]!]: sql });
      const verified = await aiops(project, ['--db', db, 'evidence', 'verify']);
      expect(verified.exitCode, verified.stderr).toBe(1);
      expect(verified.stderr).not.toContain('bug in aiops');
      expect(verified.stdout).toContain(`LISTING MISMATCH: the listing row of ${ids[0]}`);
      const text = await aiops(project, ['--db', db, 'incident', 'list']);
      expect(text.exitCode, text.stderr).toBe(0);
      expect(text.stdout).toMatch(new RegExp(`${ids[0]}\\s+SEV2\\s+open\\b.*assistant-eu\\s+T`));
      for (const extra of [[], ['--all']]) {
        const json = await aiops(project, ['--db', db, 'incident', 'list', '--json', ...extra]);
        expect(json.exitCode, json.stderr).toBe(0);
        const listed = JSON.parse(json.stdout).incidents as { id: string; title: unknown; severity: unknown; status: string }[];
        // The stream writes rows as stored unless one would break the document: fields of another
        // type stay as edited (verify names the row); text that is no object of its incident is rebuilt.
        const mine = what === 'fields of another type' ? [ids[0], 5, null, 'open'] : [ids[0], 'T', 'SEV2', 'open'];
        expect(listed.map((r) => [r.id, r.title, r.severity, r.status])).toEqual([mine, ...(extra.length ? [[ids[1], 'U', 'SEV1', 'cancelled']] : [])]);
      }
    });
  }

  it('a damaged row whose incident the filter leaves out is left out, and the document stays valid JSON', async () => {
    // Given the cancelled incident's row damaged (its text no longer says cancelled)
    const db = edited({ [ids[1]!]: "'{{'" });
    for (const [extra, expected] of [[[], [ids[0]]], [['--all'], ids]] as const) {
      const json = await aiops(project, ['--db', db, 'incident', 'list', '--json', ...extra]);
      expect(json.exitCode, json.stderr).toBe(0);
      expect((JSON.parse(json.stdout).incidents as { id: string }[]).map((r) => r.id)).toEqual(expected);
    }
  });

  it('the store reads it from the events, and the next write that changes the row writes it whole again', async () => {
    const db = edited({ [ids[0]!]: "'{{'" });
    const log = await openEventLog(db, { readonly: true });
    try {
      expect((await log.summaries()).map((r) => [r.id, r.title, r.severity])).toEqual([[ids[0], 'T', 'SEV2'], [ids[1], 'U', 'SEV1']]);
    } finally {
      await log.close();
    }
    const changed = await aiops(project, ['--db', db, 'incident', 'severity', ids[0]!, 'SEV3', '--reason', 'smaller still'], { as: 'alice' });
    expect(changed.exitCode, changed.stderr).toBe(0);
    const verified = await aiops(project, ['--db', db, 'evidence', 'verify']);
    expect(verified.exitCode, verified.stdout).toBe(0);
  });
});
