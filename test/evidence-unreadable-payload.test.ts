import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, REPO, type TempProject } from './helpers/project.js';
import { checkpointed, tamperKit } from './helpers/tamper.js';

// A row whose payload is not JSON (edited behind the triggers): the commands aiops points to once
// verification fails must still read the rest of the log, and say which row they could not.
let project: TempProject;
let incidentId: string;
const kit = tamperKit(() => project.db, 'aiops-unreadable-');

beforeAll(async () => {
  // Given an incident with a note and a change of severity
  project = makeProject({ withScenarios: false });
  const start = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'T', '--service', 'assistant-eu', '--json'], { as: 'alice' });
  expect(start.exitCode, start.stderr).toBe(0);
  incidentId = start.json().incident.id;
  expect((await aiops(project, ['incident', 'note', incidentId, 'hello'], { as: 'alice' })).exitCode).toBe(0);
  expect((await aiops(project, ['incident', 'severity', incidentId, 'SEV2', '--reason', 'smaller'], { as: 'alice' })).exitCode).toBe(0);
  checkpointed(project.db);
});
afterAll(() => {
  project?.cleanup();
  kit.cleanup();
});

/** A copy of the log with the payload of the first event of `type` replaced by text that is not JSON; its seq. */
function notJson(type: string): { db: string; seq: number } {
  let seq = 0;
  const db = kit.tampered((d, rows) => {
    seq = rows.find((r) => r.type === type)!.seq;
    d.prepare("UPDATE events SET payload = '{{' WHERE seq = ?").run(seq);
  });
  return { db, seq };
}

describe('a payload that is not JSON', () => {
  it('evidence export writes every row, the bad one as its stored text, names its seq, and the verifier fails there', async () => {
    const { db, seq } = notJson('note.added');
    for (const scope of [[], [incidentId]]) {
      const out = join(dirname(db), `export-${scope.length}.jsonl`);
      // When the log (or the incident) is exported
      const r = await aiops(project, ['--db', db, 'evidence', 'export', ...scope, '-o', out]);
      // Then it is written, every row in it, the bad payload carried as its bytes in a JSON string
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stderr).not.toContain('bug in aiops');
      expect(r.stderr).toContain(`warning: the payload of seq ${seq} is not JSON`);
      expect(r.stderr).toContain('aiops evidence verify');
      const lines = readFileSync(out, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
      expect(lines[0].events).toBe(lines.length - 1);
      expect(lines.find((l) => l.seq === seq).payload).toBe('{{');
      // And the auditors' verifier names that seq
      const v = spawnSync('node', [join(REPO, 'tools', 'verify-export.mjs'), out], { encoding: 'utf8' });
      expect(v.status).toBe(1);
      expect(v.stdout.trim()).toBe(`TAMPERED: seq ${seq}: hash mismatch (content edited)`);
    }
  });

  it('report leaves the row out and says so in one warning line', async () => {
    const { db, seq } = notJson('severity.changed');
    for (const json of [[], ['--json']]) {
      const r = await aiops(project, ['--db', db, 'report', ...json]);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stderr).not.toContain('bug in aiops');
      // Warnings go to stderr in text; with --json they are the document's, as every command's are.
      const warnings = json.length ? (r.json().warnings as string[]) : r.stderr.split('\n').filter((l) => l.includes('warning'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(`seq ${seq}`);
      expect(warnings[0]).toContain('aiops evidence verify');
      if (json.length) expect(r.json().incidents.count).toBe(1);
      else expect(r.stdout).toContain('INCIDENTS (1;');
    }
  });
});
