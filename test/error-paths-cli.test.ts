import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aiops } from './helpers/cli.js';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';
import { patience } from './helpers/patience.js';

// Error paths of issue 18 through the CLI: a note whose attachment is not there, a step marked
// done by mistake and reopened.
let project: TempProject;
let id: string;
const cli = (args: string[], as = 'alice') => aiopsInProcess(project, args, { as });
const ok = async (args: string[], as?: string) => {
  const r = await cli(args, as);
  expect(r.exitCode, `${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r;
};
const events = async () => (await ok(['evidence', 'export', id])).stdout.trim().split('\n').slice(1).map((l) => JSON.parse(l));

beforeAll(async () => {
  project = makeProject({ withScenarios: false });
  id = (await ok(['incident', 'start', '--trigger', 'data_leakage', '--title', 'Invoices leak', '--service', 'assistant-eu', '--assign-oncall', '--json'])).json().incident.id;
}, patience(60_000));
afterAll(() => project?.cleanup());

describe('incident note --attach with a path that is not there', () => {
  it('names the path, exits 2 and records no part of the note', async () => {
    // When the built binary is given a typo for the attachment
    const r = await aiops(project, ['incident', 'note', id, 'outputs attached', '--attach', 'ouptuts.txt'], { as: 'alice' });
    // Then it says which path, and the log has no note
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('attachment ouptuts.txt: file not found');
    expect((await events()).filter((e) => e.type === 'note.added')).toEqual([]);
  });
});

describe('a verb given an empty argument, or one nothing takes', () => {
  it('names the option or positional as typed (--summary, <person>), exits 2 and records nothing', async () => {
    const before = (await events()).length;
    // When aiops is given an empty value for each kind of argument (in-process: the binary's own parse is checked above and below)
    const cases: [string[], string][] = [
      [['incident', 'close', id, '--summary', ''], '--summary is empty: give the closing summary'],
      [['incident', 'severity', id, 'SEV2', '--reason', ''], '--reason is empty: give the reason for the change'],
      [['incident', 'deny', id, 'pause', '--reason', ' '], '--reason is empty: give the reason for denying it'],
      [['incident', 'note', id, ''], '<text> is empty: give the note text'],
      [['incident', 'handoff', id, 'commander', ''], '<person> is empty: give a roster id'],
      [['incident', 'assign', id, '', 'bob'], '<role> is empty: give a role'],
      // (and a reason given where nothing takes it is refused, not dropped)
      [['incident', 'step', id, 'assign-roles', '--done', '--reason', 'x'], '--reason goes with --reopen (a skip takes its reason as --skip; a note on the step is --note)'],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      // Then the message names what the user typed, never the verb's internal args.X, and it is a usage error
      expect(r.exitCode, args.join(' ')).toBe(2);
      expect(r.stderr).toBe(`aiops: ${message}`);
    }
    // And --json carries the same message
    const json = await cli(['incident', 'close', id, '--summary', '', '--json']);
    expect(json.json().error).toMatchObject({ kind: 'invalid-input', message: '--summary is empty: give the closing summary' });
    expect((await events()).length).toBe(before);
  });
});

describe('incident step --reopen', () => {
  it('reopens a step marked done by mistake, with a reason; the fold, show and export all say so', async () => {
    // Given the commander marks the reviewer's step done by mistake
    await ok(['incident', 'step', id, 'preserve-evidence', '--done']);
    // When it is reopened with a reason
    const r = await ok(['incident', 'step', id, 'preserve-evidence', '--reopen', '--reason', 'meant assign-roles']);
    // Then the step is pending again and the event says what it had been
    expect(r.stdout).toContain('preserve-evidence: reopened by alice');
    const shown = (await ok(['incident', 'show', id, '--json'])).json();
    expect(shown.incident.steps.find((s: any) => s.id === 'preserve-evidence').status).toBe('pending');
    const reopened = (await events()).filter((e) => e.type === 'step.reopened');
    expect(reopened).toEqual([expect.objectContaining({ actor: 'alice', role: 'commander', payload: { step: 'preserve-evidence', reason: 'meant assign-roles', was: 'done' } })]);
    // And the owner can do it for real afterwards
    await ok(['incident', 'step', id, 'preserve-evidence', '--done'], 'bob');
    const md = (await ok(['export', id, '--format', 'md'])).stdout;
    expect(md).toMatch(/Step preserve-evidence \([^)]*\) reopened \(it was done\)/);
    expect(md).toContain('meant assign-roles');
    // And a skipped step reopens too
    await ok(['incident', 'step', id, 'scope', '--skip', 'not needed']);
    await ok(['incident', 'step', id, 'scope', '--reopen', '--reason', 'it is needed after all']);
    expect((await ok(['incident', 'show', id, '--json'])).json().incident.steps.find((s: any) => s.id === 'scope').status).toBe('pending');
  });

  it('refuses without a reason, on a pending step, and for someone holding neither role, changing nothing', async () => {
    const before = (await events()).length;
    const noReason = await cli(['incident', 'step', id, 'assign-roles', '--reopen']);
    expect(noReason.exitCode).toBe(2);
    expect(noReason.stderr).toMatch(/reason/);
    const pending = await cli(['incident', 'step', id, 'root-cause', '--reopen', '--reason', 'x']);
    expect(pending.exitCode).toBe(2);
    expect(pending.stderr).toContain('step root-cause is pending, not done or skipped: there is nothing to reopen');
    await ok(['incident', 'step', id, 'assign-roles', '--done']);
    const erin = await cli(['incident', 'step', id, 'assign-roles', '--reopen', '--reason', 'x'], 'erin');
    expect(erin.exitCode).toBe(3);
    // Only the refusal itself is logged (besides the step done above and what it asked for next)
    const after = (await events()).slice(before).map((e) => e.type);
    expect(after).not.toContain('step.reopened');
    expect(after.filter((t) => t !== 'approval.requested')).toEqual(['step.completed', 'policy.refused']);
    // And a second --done on a finished step says how to reopen it
    const again = await cli(['incident', 'step', id, 'assign-roles', '--done']);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain('--reopen --reason');
  });
});

describe('a refusal says the command that gets past it', () => {
  it('step --done waiting on an approval names the approve; close before resolve names the resolve; the logged message is unchanged', async () => {
    // Given an open incident whose pause step needs the commander's approval (the binary, as a responder runs it)
    const done = await aiops(project, ['incident', 'step', id, 'pause', '--done'], { as: 'alice' });
    // Then the refusal (exit 3) ends with the command that gets past it
    expect(done.exitCode).toBe(3);
    expect(done.stderr).toContain(`  try: aiops incident approve ${id} pause, as commander (the approval that completes the set runs its hook)`);
    const close = await cli(['incident', 'close', id, '--summary', 'done', '--json']);
    expect(close.exitCode).toBe(3);
    expect(close.json().error.hint).toBe(`resolve it first: aiops incident status ${id} resolved --reason .., then aiops incident close ${id} --summary ..`);
    // And the policy.refused event keeps the message alone
    const refusals = (await events()).filter((e: any) => e.type === 'policy.refused');
    expect(refusals.at(-1).payload.message).toBe('cannot go from open to closed; from open an incident may go to mitigated or resolved or cancelled or duplicate');
  });
});
