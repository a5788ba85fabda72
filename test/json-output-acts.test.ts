import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AckOutput,
  ActionListOutput,
  DrillClockOutput,
  DrillEndOutput,
  DrillJudgeOutput,
  DrillReportFileOutput,
  InitOutput,
  NoteOutput,
  RecordedOutput,
  ScenarioRecordOutput,
} from '../src/core/schemas/output-acts.js';
import { fits, jsonOf } from './helpers/json-shape.js';
import { makeProject } from './helpers/project.js';

const project = makeProject();
afterAll(() => project.cleanup());
// A severity policy held for the commander: `ack` has something to acknowledge
writeFileSync(join(project.dir, 'aiops.yaml'), `${readFileSync(join(project.dir, 'aiops.yaml'), 'utf8')}
severity_policies:
  - id: sev1-pause
    at: SEV1
    hooks: [{hook: pause-feature, params: {tenant: "{{incident.service}}"}}]
    approval: policy
    hold_until_ack: commander
`);

const ok = jsonOf(project);

describe('the --json documents of commands that record one thing fit their own schema, field by field', () => {
  it('incident note, impact, review, action add|close|list, ack, scenario record', async () => {
    const started = JSON.parse(await ok(['incident', 'start', '--trigger', 'data_leakage'])).incident;
    const id = started.id as string;
    if (started.severity !== 'SEV1') await ok(['incident', 'severity', id, 'SEV1', '--reason', 'spreading']);
    writeFileSync(join(project.dir, 'outputs.jsonl'), '{"a":1}\n');
    expect(fits(await ok(['incident', 'note', id, 'attached', '--attach', 'outputs.jsonl']), NoteOutput).attachments).toHaveLength(1);
    fits(await ok(['incident', 'impact', id, 'Tenant B saw Tenant A invoices', '--affected', 'tenant-b users']), RecordedOutput);
    fits(await ok(['incident', 'review', id, '--cause', 'chunker', '--factor', 'no test']), RecordedOutput);
    expect(fits(await ok(['action', 'add', id, 'Add a tenant filter test', '--owner', 'carol', '--due', '7d']), RecordedOutput).action).toBe('A1');
    await ok(['action', 'add', id, 'Second', '--owner', 'bob', '--due', '7d']);
    expect(fits(await ok(['action', 'close', id, 'A1', '--note', 'merged']), RecordedOutput).action).toBe('A1');
    const list = fits(await ok(['action', 'list', id]), ActionListOutput);
    expect(list.actions.map((a: any) => a.closed === null)).toEqual([false, true]);
    const ack = fits(await ok(['ack', id]), AckOutput);
    expect(ack.policies).toEqual(['sev1-pause']);
    const rec = fits(await ok(['scenario', 'record', id]), ScenarioRecordOutput);
    expect(rec.file).toBeNull();
  });

  it('drill pause, resume, judge, debrief, end, report -o; init', async () => {
    const id = JSON.parse(await ok(['drill', 'wrong-tenant-leak', '--no-tui'])).id as string;
    expect(fits(await ok(['drill', 'pause', id, '--reason', 'talk']), DrillClockOutput).paused).toBe(true);
    expect(fits(await ok(['drill', 'resume', id]), DrillClockOutput).paused).toBe(false);
    expect(fits(await ok(['drill', 'judge', id, 'update-clear', '--met']), DrillJudgeOutput).rescored).toBeNull();
    fits(await ok(['drill', 'debrief', id, 'paging took long']), RecordedOutput);
    const end = fits(await ok(['drill', 'end', id]), DrillEndOutput);
    expect(end.early).toBe(true);
    expect(fits(await ok(['drill', 'judge', id, 'update-clear', '--missed', '--reason', 'named another tenant']), DrillJudgeOutput).rescored.score).toBeTypeOf('number');
    expect(fits(await ok(['drill', 'report', id, '-o', 'drill.json']), DrillReportFileOutput).format).toBe('json');
    const init = fits(await ok(['init', 'fresh']), InitOutput);
    expect(init.written.length).toBeGreaterThan(0);
  });
});
