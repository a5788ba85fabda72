import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliResult } from './helpers/cli.js';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { makeHookProject, readDumps } from './helpers/hook-project.js';
import { REPO, type TempProject } from './helpers/project.js';

// Issue 17: a NUL in an alert's title blocked every hook using {{incident.title}} for good.
// `incident edit` lets the commander repair it, with a reason, on the record.

let project: TempProject;
let alertFile: string;
const NUL_TITLE = 'PII detector fired\u0000 12 times in 5m on assistant-eu';
const FIXED = 'PII detector fired 12 times in 5m on assistant-eu';

beforeAll(() => {
  // A hook that passes the title and service as arguments and needs no approval.
  project = makeHookProject((config) => {
    config.hooks['title-echo'] = { command: ['./fixtures/hook-tests/dump-argv.sh', '{{incident.title}}', '{{incident.service}}'], env: ['AIOPS_STATE_DIR'] };
  });
  const alert = JSON.parse(readFileSync(join(REPO, 'fixtures', 'alerts', 'alertmanager-v4-pii-spike.json'), 'utf8'));
  alert.commonAnnotations.summary = NUL_TITLE;
  alert.alerts[0].annotations.summary = NUL_TITLE;
  alertFile = join(project.dir, 'nul-alert.json');
  writeFileSync(alertFile, JSON.stringify(alert));
});
afterAll(() => project.cleanup());

const cli = (args: string[], as = 'alice') => aiopsInProcess(project, args, { as });
function ok(r: CliResult): any {
  expect(r.exitCode, `${r.stderr}\n${r.stdout}`).toBe(0);
  return r.stdout.trim().startsWith('{') ? r.json() : r.stdout;
}
async function events(id: string): Promise<any[]> {
  const r = await cli(['evidence', 'export', id]);
  expect(r.exitCode, r.stderr).toBe(0);
  return r.stdout.trim().split('\n').slice(1).map((l: string) => JSON.parse(l));
}

describe('incident edit: the commander repairs a title no hook can pass', () => {
  it('an alert title with a NUL blocks the hook and names the fix; after the edit the hook runs and the log keeps the old title', async () => {
    // Given an incident opened from an alert whose title holds a NUL
    const opened = ok(await cli(['incident', 'start', '--from-alert', alertFile, '--json']));
    expect(opened.outcome).toBe('opened');
    const id: string = opened.incident.id;
    expect(opened.incident.title).toBe(NUL_TITLE);

    // When a hook that passes the title is asked for and approved, nothing runs and the refusal names the fix
    const asked = await cli(['hook', 'run', id, 'title-echo']);
    expect(asked.exitCode, asked.stderr).toBe(3);
    const blocked = await cli(['incident', 'approve', id, 'hook:title-echo']);
    expect(blocked.exitCode, blocked.stderr).toBe(2);
    expect(blocked.stderr).toContain('holds a NUL byte');
    expect(blocked.stderr).toContain('{{incident.title}}');
    expect(blocked.stderr).toContain(`aiops incident edit ${id} --title "..." --reason "..."`);
    expect(blocked.stderr).toContain('nothing was approved and nothing ran');
    expect(readDumps(project.stateDir)).toHaveLength(0);
    // (exit 2 wrote nothing: no approval is pinned to an argv no program can receive)
    expect((await events(id)).filter((e) => e.type === 'approval.granted')).toEqual([]);

    // And someone who is not the commander may not change it (refused, and logged)
    const notCommander = await cli(['incident', 'edit', id, '--title', FIXED, '--reason', 'I want to'], 'bob');
    expect(notCommander.exitCode, notCommander.stderr).toBe(3);
    expect(notCommander.stderr).toContain('only the commander may change the title or service (commander: alice)');

    // And the commander is refused without a reason, without a change, and with a title that is not plain text
    const noReason = await cli(['incident', 'edit', id, '--title', FIXED, '--reason', ' ']);
    expect([noReason.exitCode, noReason.stderr]).toEqual([2, expect.stringContaining('needs --reason')]);
    const nothing = await cli(['incident', 'edit', id, '--reason', 'tidy']);
    expect([nothing.exitCode, nothing.stderr]).toEqual([2, expect.stringContaining('say what to change')]);
    const same = await cli(['incident', 'edit', id, '--service', 'assistant-eu', '--reason', 'tidy']);
    expect([same.exitCode, same.stderr]).toEqual([2, expect.stringContaining('already has that service')]);
    const escape = await cli(['incident', 'edit', id, '--title', 'PII \u001b]0;pwned\u0007 spike', '--reason', 'tidy']);
    expect([escape.exitCode, escape.stderr]).toEqual([2, expect.stringContaining('the new title holds a control character')]);
    const empty = await cli(['incident', 'edit', id, '--service', '  ', '--reason', 'tidy']);
    expect([empty.exitCode, empty.stderr]).toEqual([2, expect.stringContaining('the new service is empty')]);

    // When the commander changes the title and service with a reason
    const edited = ok(await cli(['incident', 'edit', id, '--title', FIXED, '--service', 'assistant-eu-2', '--reason', 'the alert title held a NUL', '--json']));
    expect(edited.incident).toMatchObject({ id, title: FIXED, service: 'assistant-eu-2' });

    // Then the hook still waits for its approval, and once approved it runs with the new values as its arguments
    const waiting = await cli(['hook', 'run', id, 'title-echo']);
    expect([waiting.exitCode, waiting.stderr]).toEqual([3, expect.stringContaining('approve it with: aiops incident approve')]);
    ok(await cli(['incident', 'approve', id, 'hook:title-echo']));
    expect(readDumps(project.stateDir).at(-1)!.slice(1)).toEqual([FIXED, 'assistant-eu-2']);

    // And the log holds the edit with its reason and the old values, and the refusal of bob
    const log = await events(id);
    const edits = log.filter((e) => e.type === 'incident.edited');
    expect(edits).toHaveLength(1);
    expect(edits[0]).toMatchObject({
      actor: 'alice',
      role: 'commander',
      payload: { title: FIXED, service: 'assistant-eu-2', previous: { title: NUL_TITLE, service: 'assistant-eu' }, reason: 'the alert title held a NUL' },
    });
    expect(log.filter((e) => e.type === 'policy.refused').map((e) => [e.actor, e.payload.rule])).toEqual([['alice', 'approval.missing'], ['bob', 'edit.commander'], ['alice', 'approval.missing']]);

    // And list, show and the exports show the new title
    const listed = ok(await cli(['incident', 'list', '--json'])).incidents.find((r: any) => r.id === id);
    expect(listed).toMatchObject({ title: FIXED, service: 'assistant-eu-2' });
    expect(ok(await cli(['incident', 'show', id, '--json'])).incident).toMatchObject({ title: FIXED, service: 'assistant-eu-2' });
    const doc = ok(await cli(['export', id, '--format', 'json']));
    expect(doc.incident).toMatchObject({ title: FIXED, service: 'assistant-eu-2' });
    const entry = doc.timeline.find((t: any) => t.text.startsWith('Edited by alice'));
    expect(entry).toMatchObject({ reason: 'the alert title held a NUL' });
    expect(entry.text).toContain(`title from ${JSON.stringify(NUL_TITLE)} to ${JSON.stringify(FIXED)}`);
    const md = ok(await cli(['export', id, '--format', 'md']));
    expect(md).toContain('Edited by alice: title from "PII detector fired\\\\u0000 12 times in 5m on assistant-eu" to "PII detector fired 12 times');
    expect(md).not.toContain('\u0000');
    const html = ok(await cli(['export', id, '--format', 'html']));
    expect(html).toContain('Edited by alice');
    expect(ok(await cli(['evidence', 'verify', '--json'])).ok).toBe(true);
  });

  it('an ended incident is not edited until it is reopened', async () => {
    const id = ok(await cli(['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'acme', '--json'])).incident.id;
    ok(await cli(['incident', 'status', id, 'cancelled', '--reason', 'test alert', '--json']));
    const r = await cli(['incident', 'edit', id, '--title', 'Leak at acme', '--reason', 'clearer']);
    expect(r.exitCode, r.stderr).toBe(3);
    expect(r.stderr).toContain(`${id} is cancelled; reopen it first`);
    expect((await events(id)).filter((e) => e.type === 'incident.edited')).toHaveLength(0);
  });
});
