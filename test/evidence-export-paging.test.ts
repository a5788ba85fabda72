import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { NewEvent } from '../src/core/events.js';
// One export at a time, in-process; the pipe its reader closes early below is the binary's own.
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { BIN, makeProject, type TempProject } from './helpers/project.js';
import { appendEvents } from './helpers/seed-log.js';
import { opened } from './helpers/store-contract.js';

let project: TempProject;
afterEach(() => project?.cleanup());

const T0 = Date.UTC(2026, 2, 1);
function notes(incidentId: string, count: number, from: number): NewEvent[] {
  return Array.from({ length: count }, (_, i) => ({ incidentId, ts: new Date(T0 + (from + i) * 1000).toISOString(), actor: 'bob', role: null, type: 'note.added', payload: { text: `n${from + i}`, attachments: [] } }) as NewEvent);
}

describe('evidence export streams every event, page after page, with the true head', () => {
  it('Given a log of several pages, When exported to stdout and to a file, Then every event is there once, in order, under a header with the chain head', async () => {
    // Given 12,000 events of two incidents in runs: two pages of 10,000 for the log, exactly one for INC-A
    project = makeProject({ withScenarios: false });
    const events = [...notes('INC-A', 5_000, 0), ...notes('INC-B', 2_000, 5_000), ...notes('INC-A', 5_000, 7_000)];
    await appendEvents(project.db, events);
    // When the whole log is exported, to stdout and to a file
    const out = await aiops(project, ['evidence', 'export']);
    const file = await aiops(project, ['evidence', 'export', '-o', 'all.jsonl']);
    const verify = await aiops(project, ['evidence', 'verify', '--json']);
    expect(out.exitCode, out.stderr).toBe(0);
    expect(file.exitCode, file.stderr).toBe(0);
    // Then both are the same bytes: the header counts every event and names the chain head
    // (the helper strips the final newline of stdout, as execa does)
    expect(readFileSync(`${project.dir}/all.jsonl`, 'utf8')).toBe(`${out.stdout}\n`);
    const [first, ...lines] = out.stdout.trimEnd().split('\n');
    const header = JSON.parse(first!);
    expect(header).toMatchObject({ aiops_evidence_export: 1, incident: null, events: 12_000, head: verify.json().head.hash });
    expect(lines).toHaveLength(12_000);
    expect(lines.map((l) => JSON.parse(l).seq)).toEqual(Array.from({ length: 12_000 }, (_, i) => i + 1));
    // And nothing is left beside the file
    expect(readdirSync(project.dir).filter((f) => f.startsWith('all.jsonl'))).toEqual(['all.jsonl']);
    // When one incident is exported, Then only its events, and its last event's hash as head
    const one = await aiops(project, ['evidence', 'export', 'INC-A']);
    const [h, ...own] = one.stdout.trimEnd().split('\n');
    expect(own).toHaveLength(10_000);
    expect(JSON.parse(h!)).toMatchObject({ incident: 'INC-A', events: 10_000, head: JSON.parse(own.at(-1)!).hash });
  });

  it('Given an unknown incident, When exported to a file, Then it is an exit-2 error and no file is written', async () => {
    project = makeProject({ withScenarios: false });
    await appendEvents(project.db, notes('INC-A', 3, 0));
    const r = await aiops(project, ['evidence', 'export', 'INC-NOPE', '-o', 'x.jsonl']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('incident INC-NOPE not found');
    expect(existsSync(`${project.dir}/x.jsonl`)).toBe(false);
    expect(readdirSync(project.dir).filter((f) => f.startsWith('x.jsonl'))).toEqual([]);
  });
});

describe('streamed output into a pipe its reader closes early', () => {
  /** Runs the binary, closes its stdout after the first bytes, and gives its exit code and stderr. */
  async function readBriefly(args: string[]): Promise<{ code: number | null; stderr: string }> {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: project.dir, env: { ...process.env, AIOPS_DB: '', AIOPS_CONFIG: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    return { code, stderr };
  }

  it('stops quietly, exit 0, as `aiops evidence export | head` and `aiops incident list --json | head` expect', async () => {
    // Given a log larger than a pipe holds, and more incidents than a page of the listing
    project = makeProject({ withScenarios: false });
    await appendEvents(project.db, notes('INC-A', 3_000, 0));
    await appendEvents(project.db, Array.from({ length: 1_500 }, (_, i) => opened(`INC-L${i}`)));
    for (const args of [['evidence', 'export'], ['evidence', 'export', 'INC-A'], ['incident', 'list', '--json']]) {
      // When the reader closes the pipe after its first bytes, Then the command ends without calling it a bug
      expect(await readBriefly(args), args.join(' ')).toEqual({ code: 0, stderr: '' });
    }
  });
});
