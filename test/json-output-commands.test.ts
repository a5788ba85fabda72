import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DrillListOutput,
  EvidenceHeadOutput,
  HookListOutput,
  InboxOutput,
  InventoryOutput,
  InventorySetOutput,
  PlaybookListOutput,
  ReportOutput,
  VerifyExportOutput,
  VersionOutput,
  WatchOutput,
} from '../src/core/schemas/output-commands.js';
import { aiops } from './helpers/cli.js';
import { aiopsInProcess as cli } from './helpers/cli-in-process.js';
import { branchJsonSchema, fits, jsonOf, undescribedKeys } from './helpers/json-shape.js';
import { makeProject, REPO } from './helpers/project.js';

const project = makeProject();
afterAll(() => project.cleanup());

const ok = jsonOf(project);

describe('every --json document of these commands is described field by field by its own schema', () => {
  it('version, inventory set and inventory', async () => {
    expect(fits(await ok(['version']), VersionOutput).node).toBe(process.versions.node);
    // `-v --json` answers before commander loads: the same document, from the binary
    const v = await aiops(project, ['-v', '--json']);
    expect(fits(v.stdout, VersionOutput).version).toMatch(/^\d+\.\d+\.\d+/);
    await ok(['inventory', 'set', 'shop-assistant', 'model=model-2026-09', 'prompt=p6', '--reason', 'deploy 1']);
    const set = fits(await ok(['inventory', 'set', 'shop-assistant', 'prompt=p7', 'model=model-2026-09', '--reason', 'deploy 2']), InventorySetOutput);
    expect(set.unchanged).toEqual(['model']);
    // A set of versions all live already: no change, and still the same document
    const same = fits(await ok(['inventory', 'set', 'shop-assistant', 'prompt=p7', '--reason', 'deploy 2, again']), InventorySetOutput);
    expect(same).toMatchObject({ change: null, unchanged: ['prompt'] });
    const inv = fits(await ok(['inventory']), InventoryOutput);
    expect(inv.services[0]).toMatchObject({ service: 'shop-assistant', live: { model: 'model-2026-09', prompt: 'p7' }, previous: { prompt: 'p6' } });
    expect(fits(await ok(['inventory', 'shop-assistant']), InventoryOutput).services).toHaveLength(1);
  });

  it('watch (a firing and a bad line), report with and without --telemetry, inbox', async () => {
    const gen = await execa('node', [join(REPO, 'tools', 'gen-telemetry.mjs'), 'hallucinated-refund']);
    writeFileSync(join(project.dir, 'telemetry.jsonl'), `${gen.stdout}\nnot json\n`);
    const watched = fits(await ok(['watch', 'telemetry.jsonl']), WatchOutput);
    expect(watched.firings[0]).toMatchObject({ rule: 'rejections-up', outcome: 'opened' });
    expect(watched.bad).toHaveLength(1);
    const report = fits(await ok(['report', '--since', 'all']), ReportOutput);
    expect(report.incidents.count).toBeGreaterThan(0);
    const oversight = fits(await ok(['report', '--since', 'all', '--telemetry', 'telemetry.jsonl']), ReportOutput);
    expect(oversight.oversight.rows.length).toBeGreaterThan(0);
    expect(fits(await ok(['report', '--drills-only']), ReportOutput).incidents).toBeNull();
    expect(fits(await ok(['report', '--no-drills']), ReportOutput).drillFigures).toBeNull();
    // An approval waiting on alice, and a step she owns
    await ok(['incident', 'start', '--trigger', 'data_leakage']);
    const inbox = fits(await ok(['inbox']), InboxOutput);
    expect(inbox.items.length).toBeGreaterThan(0);
    expect(fits(await ok(['inbox'], 'erin'), InboxOutput).person).toBe('erin');
  });

  it('drill list, playbook list, hook list, evidence head and verify-export (ok, partial, invalid)', async () => {
    await ok(['drill', 'wrong-tenant-leak', '--auto']);
    const drills = fits(await ok(['drill', 'list']), DrillListOutput);
    expect(drills.drills[0]).toMatchObject({ scenario: 'wrong-tenant-leak', auto: true, status: 'ended' });
    const playbooks = fits(await ok(['playbook', 'list']), PlaybookListOutput);
    expect(playbooks.playbooks.some((p: any) => p.lastScriptCheck !== null)).toBe(true);
    expect(fits(await ok(['hook', 'list']), HookListOutput).hooks.length).toBeGreaterThan(0);
    const head = fits(await ok(['evidence', 'head']), EvidenceHeadOutput);
    expect(head.head.seq).toBeGreaterThan(0);
    await ok(['evidence', 'export', '-o', 'all.jsonl']);
    expect(fits(await ok(['evidence', 'verify-export', 'all.jsonl']), VerifyExportOutput).verdict).toBe('ok');
    await ok(['evidence', 'export', 'INC-2026-0002', '-o', 'one.jsonl']);
    expect(fits(await ok(['evidence', 'verify-export', 'one.jsonl']), VerifyExportOutput)).toMatchObject({ verdict: 'partial', incident: 'INC-2026-0002' });
    writeFileSync(join(project.dir, 'bad.jsonl'), 'not an export\n');
    const bad = await cli(project, ['evidence', 'verify-export', 'bad.jsonl', '--json']);
    expect(bad.exitCode).toBe(1);
    expect(fits(bad.stdout, VerifyExportOutput).verdict).toBe('invalid');
  });

  it('a field the command prints that its schema leaves out is found, however deep', () => {
    const doc = { schemaVersion: 1, db: 'x.db', head: { seq: 1, hash: 'h' } };
    expect(undescribedKeys(doc, branchJsonSchema(EvidenceHeadOutput))).toEqual([]);
    expect(undescribedKeys(doc, branchJsonSchema(EvidenceHeadOutput.omit({ db: true })))).toEqual(['$.db']);
    const nested = EvidenceHeadOutput.extend({ head: EvidenceHeadOutput.shape.head.unwrap().omit({ hash: true }).nullable() });
    expect(undescribedKeys(doc, branchJsonSchema(nested))).toEqual(['$.head.hash']);
  });
});
