import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';
import { tamperKit } from './helpers/tamper.js';

const NOW = { AIOPS_NOW: '2026-03-14T10:00:00.000Z' };
const LATER = { AIOPS_NOW: '2026-03-15T10:00:00.000Z' };
let project: TempProject;
const kit = tamperKit(() => project.db, 'aiops-unreadable-');

/** Output that shows a value read from a payload of the wrong shape. */
const GARBLED = /NaN|undefined|\[object Object\]|abc\/100|unexpected error/;

beforeAll(async () => {
  // Given an incident whose severity was changed, and a drill played unattended to its end
  project = makeProject();
  const ok = async (args: string[]) => {
    const r = await aiopsInProcess(project, args, { as: 'alice', env: NOW });
    expect(r.exitCode, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  };
  await ok(['incident', 'start', '--no-tui', '--trigger', 'data_leakage', '--title', 'T', '--service', 'assistant-eu']);
  await ok(['incident', 'severity', 'INC-2026-0001', 'SEV2', '--reason', 'r']);
  await ok(['drill', 'scenarios/wrong-tenant-leak.yaml', '--auto']);
});
afterAll(() => {
  kit.cleanup();
  project?.cleanup();
});

const seqOf = (rows: { seq: number; type: string }[], type: string) => rows.find((r) => r.type === type)!.seq;
const run = (db: string, args: string[]) => aiopsInProcess(project, ['--db', db, ...args], { as: 'alice', env: LATER });

describe('a drill end edited into a shape aiops never writes', () => {
  const edits: [string, string][] = [
    ['a null payload', "'null'"],
    ['results that are not a list', "json_set(payload, '$.results', 'x')"],
    ['a score that is text', "json_set(payload, '$.score', 'abc')"],
    ['result rows without their fields', "json_set(payload, '$.results', json('[1, {\"id\": 2}]'))"],
  ];
  for (const [what, payload] of edits) {
    it(`Given ${what}, Then playbook list, drill list, drill report and report work, the score is unknown and a warning names the seq`, async () => {
      let seq = 0;
      const db = kit.tampered((d, rows) => {
        seq = seqOf(rows, 'drill.ended');
        d.prepare(`UPDATE events SET payload = ${payload} WHERE seq = ?`).run(seq);
      });
      const warning = `warning: seq ${seq} (drill.ended of DRILL-2026-0001)`;
      for (const args of [['playbook', 'list'], ['drill', 'list'], ['drill', 'report', 'DRILL-2026-0001'], ['drill', 'report', 'DRILL-2026-0001', '--format', 'html'], ['report', '--since', 'all']]) {
        const r = await run(db, args);
        expect(r.exitCode, `${args.join(' ')}: ${r.stderr}`).toBe(0);
        expect(r.stdout, args.join(' ')).not.toMatch(GARBLED);
        expect(r.stdout, args.join(' ')).not.toMatch(/height:NaN/);
        expect(r.stderr, args.join(' ')).toContain(warning);
        expect(r.stderr, args.join(' ')).toContain('aiops evidence verify');
      }
      const list = await run(db, ['drill', 'list']);
      expect(list.stdout.split('\n').find((l) => l.startsWith('DRILL-2026-0001'))).toMatch(/ ended +— /);
      expect((await run(db, ['drill', 'report', 'DRILL-2026-0001'])).stdout).toContain('**Score: unknown**');

      // And with --json: the score is null and the warning sits in the document, nothing on stderr
      const drills = (await run(db, ['drill', 'list', '--json'])).json();
      expect(drills.drills[0]).toMatchObject({ id: 'DRILL-2026-0001', status: 'ended', score: null });
      expect(drills.warnings).toEqual([expect.stringContaining(`seq ${seq} `)]);
      const report = await run(db, ['drill', 'report', 'DRILL-2026-0001', '--json']);
      expect(report.stderr).toBe('');
      expect(report.json()).toMatchObject({ score: null, warnings: [expect.stringContaining(`seq ${seq} `)] });
      expect((await run(db, ['playbook', 'list', '--json'])).json().warnings).toEqual([expect.stringContaining(`seq ${seq} `)]);
      expect((await run(db, ['report', '--since', 'all', '--json'])).json().warnings).toEqual([expect.stringContaining(`seq ${seq} `)]);
    });
  }
});

describe('report over events it cannot read', () => {
  it('Given a severity change whose payload is null, Then report skips it with a warning naming its seq', async () => {
    let seq = 0;
    const db = kit.tampered((d, rows) => {
      seq = seqOf(rows, 'severity.changed');
      d.prepare("UPDATE events SET payload = 'null' WHERE seq = ?").run(seq);
    });
    const r = await run(db, ['report', '--since', 'all']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain(`warning: seq ${seq} (severity.changed of INC-2026-0001)`);
    expect(r.stdout).toMatch(/INCIDENTS \(1;/);
  });

  it('Given an incident whose opening stamp is garbage, Then report says it left the incident out, naming it and the seq', async () => {
    const db = kit.tampered((d) => d.prepare("UPDATE events SET ts = 'garbage' WHERE seq = 1").run());
    const r = await run(db, ['report', '--since', 'all']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain('warning: seq 1 (incident.opened of INC-2026-0001)');
    expect(r.stderr).toContain('INC-2026-0001 is left out of the figures');
    expect(r.stderr).toContain('aiops evidence verify');
    expect((await run(db, ['report', '--since', 'all', '--json'])).json().warnings).toHaveLength(1);
  });
});
