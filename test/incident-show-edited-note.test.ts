import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';
import { tamperKit } from './helpers/tamper.js';

const NOW = { AIOPS_NOW: '2026-03-14T10:00:00.000Z' };
let project: TempProject;
const kit = tamperKit(() => project.db, 'aiops-note-');

beforeAll(async () => {
  // Given an incident with a note
  project = makeProject({ withScenarios: false });
  for (const args of [['incident', 'start', '--no-tui', '--trigger', 'data_leakage', '--title', 'T', '--service', 'assistant-eu'], ['incident', 'note', 'INC-2026-0001', 'hello']]) {
    const r = await aiopsInProcess(project, args, { as: 'alice', env: NOW });
    expect(r.exitCode, r.stderr).toBe(0);
  }
});
afterAll(() => {
  kit.cleanup();
  project?.cleanup();
});

describe('incident show over a note edited by hand', () => {
  for (const [what, payload, shown] of [
    ['its text an object', `json_set(payload, '$.text', json('{"a":1}'))`, 'alice: {"a":1}'],
    ['its payload null', "'null'", 'alice: null'],
  ] as const) {
    it(`Given a note with ${what}, Then incident show (and --all-notes) shows it as its JSON, never [object Object]`, async () => {
      const db = kit.tampered((d, rows) => d.prepare(`UPDATE events SET payload = ${payload} WHERE seq = ?`).run(rows.find((r) => r.type === 'note.added')!.seq));
      for (const extra of [[], ['--all-notes']]) {
        const r = await aiopsInProcess(project, ['--db', db, 'incident', 'show', 'INC-2026-0001', ...extra], { as: 'alice', env: NOW });
        expect(r.exitCode, r.stderr).toBe(0);
        expect(r.stdout).toContain(shown);
        expect(r.stdout).not.toContain('[object Object]');
      }
    });
  }
});
