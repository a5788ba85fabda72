import { execa } from 'execa';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { makeHookProject, readDumps, SECRETS } from './helpers/hook-project.js';
import { BIN, type TempProject } from './helpers/project.js';
import { killLeftovers, pidFrom } from './helpers/processes.js';

let project: TempProject;
const pidsToKill: number[] = [];
afterEach(() => {
  killLeftovers(pidsToKill, { group: true });
  project?.cleanup();
});

async function start(p: TempProject, extra: string[] = [], run = aiops): Promise<string> {
  const r = await run(p, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'acme', '--json', ...extra], { as: 'alice' });
  expect(r.exitCode, r.stderr).toBe(0);
  return r.json().incident.id;
}

/**
 * Tests about one command at a time run the commander program in this process (no Node start-up per
 * command); the ones about processes (racing terminals, aiops killed mid-hook) spawn the binary.
 */
const cli = aiopsInProcess;


describe('aiops hook list and test', () => {
  it('lists every hook with where it is used, its undo pairing and drill mode', async () => {
    project = makeHookProject();
    const r = await cli(project, ['hook', 'list', '--json']);
    const hooks = r.json().hooks as any[];
    const pause = hooks.find((h) => h.name === 'pause-feature');
    expect(pause.usedBy).toContainEqual({ playbook: 'data-leakage', version: '1.2.0', step: 'pause', kind: 'action' });
    expect(pause).toMatchObject({ undo: 'resume-feature', drill: 'simulate', approve: ['commander'] });
    expect(hooks.find((h) => h.name === 'resume-feature').undoOf).toEqual(['pause-feature']);
    expect(hooks.find((h) => h.name === 'dump').drill).toBe('run');
    // The broken test hooks are flagged, so the command fails as a check would: invalid input, exit 2, as validate says of them
    expect(hooks.find((h) => h.name === 'missing').problems[0]).toMatch(/not found/);
    expect(hooks.find((h) => h.name === 'not-exec').problems[0]).toMatch(/not executable/);
    expect(r.exitCode).toBe(2);
  });

  it('prints the exact argv and env without running anything, and flags a missing param', async () => {
    project = makeHookProject();
    const id = await start(project, ['--context', 'k=v1'], cli);
    const missing = await cli(project, ['hook', 'test', 'dump', '--incident', id, '--json']);
    expect(missing.exitCode).toBe(2);
    expect(missing.json().problems).toContain('no value for {{params.x}} (pass --param x=VALUE)');
    const ok = await cli(project, ['hook', 'test', 'dump', '--incident', id, '--param', 'x=--output=/tmp/x; rm -rf /', '--json']);
    expect(ok.exitCode, ok.stderr).toBe(0);
    const doc = ok.json();
    expect(doc.argv).toEqual([join(project.dir, 'fixtures/hook-tests/dump-argv.sh'), 'Leak', 'acme', '--output=/tmp/x; rm -rf /', 'v1', '--', '--output=/tmp/x; rm -rf /']);
    expect(doc.env.find((e: any) => e.name === 'AIOPS_PARAMS_X').value).toBe('--output=/tmp/x; rm -rf /');
    expect(doc.exampleIncident).toBe(false);
    expect(readDumps(project.stateDir)).toEqual([]);
  });

  it('flags a program that is not found or not executable', async () => {
    project = makeHookProject();
    const a = await cli(project, ['hook', 'test', 'missing', '--json']);
    expect(a.exitCode).toBe(2);
    expect(a.json().program).toMatchObject({ ok: false });
    expect(a.json().problems.join()).toMatch(/no-such-script.sh not found/);
    const b = await cli(project, ['hook', 'test', 'not-exec']);
    expect(b.exitCode).toBe(2);
    expect(b.stdout).toMatch(/not executable \(chmod \+x/);
    expect(b.stdout).toContain('it would NOT run as it is');
  });
});

describe('--context keys are names hook templates can write', () => {
  it('refuses a key that is no plain name (__proto__, a space, terminal escapes) with exit 2, naming it sanitised, and writes nothing', async () => {
    // Given an incident
    project = makeHookProject();
    const id = await start(project, [], cli);
    const head = async () => (await cli(project, ['evidence', 'head', '--json'])).json().head.seq as number;
    const before = await head();
    const bad: [string, string][] = [
      ['__proto__', '--context key "__proto__" is reserved'],
      ['bad key', '--context key "bad key" is not a plain name: use letters, digits, _ . - starting with a letter or _'],
      ['a\u001b]0;pwned\u0007b', '--context key "a\\u001b]0;pwned\\u0007b" is not a plain name'],
      ['9lives', '--context key "9lives" is not a plain name'],
    ];
    for (const [key, message] of bad) {
      // When a note or a start gives it
      for (const args of [['incident', 'note', id, 'x', '--context', `${key}=evil`], ['incident', 'start', '--title', 'x', '--context', `${key}=evil`]]) {
        const r = await cli(project, args, { as: 'alice' });
        // Then it is refused as bad input, naming the key with its controls escaped, never silently dropped
        expect(r.exitCode, `${args[1]} ${JSON.stringify(key)}`).toBe(2);
        expect(r.stderr).toContain(message);
        expect(r.stderr).not.toContain('\u001b');
        expect(r.stdout).toBe('');
      }
    }
    // And nothing was written
    expect(await head()).toBe(before);
  });

  it('a dotted key and one named like an Object method reach the hook whole; an unset key renders blank, not an inherited function', async () => {
    // Given a hook that passes three context values
    project = makeHookProject((c) => {
      c.hooks.dump.command = ['./fixtures/hook-tests/dump-argv.sh', '{{context.model.version}}', '{{context.constructor}}', '{{context.toString}}'];
    });
    const id = await start(project, ['--context', 'model.version=gpt-eu-2026-02'], cli);
    const note = await cli(project, ['incident', 'note', id, 'context', '--context', 'constructor=c1', '--json'], { as: 'alice' });
    expect(note.exitCode, note.stderr).toBe(0);
    // When the argv is shown
    const r = await cli(project, ['hook', 'test', 'dump', '--incident', id, '--json']);
    // Then each key is found as given; toString, never set, is no value rather than Object.prototype.toString
    expect(r.json().argv.slice(1)).toEqual(['gpt-eu-2026-02', 'c1', '']);
    expect(r.json().problems).toContain('no value for {{context.toString}}');
  });
});

describe('aiops hook run, under the same approvals', () => {
  it('refuses without approval (exit 3, nothing ran), runs once when approved, and asks again next time', async () => {
    project = makeHookProject();
    const id = await start(project, ['--context', 'k=c'], cli);
    // When alice asks to run it, it needs the commander's approval first
    const first = await cli(project, ['hook', 'run', id, 'dump', '--param', 'x=1'], { as: 'alice' });
    expect(first.exitCode).toBe(3);
    expect(first.stderr).toContain(`aiops incident approve ${id} hook:dump`);
    // And someone with no role cannot even ask
    const bob = await cli(project, ['hook', 'run', id, 'dump', '--param', 'x=1'], { as: 'bob' });
    expect(bob.exitCode).toBe(3);
    expect(readDumps(project.stateDir)).toEqual([]);
    // When the commander approves, the approval runs it, exactly once
    const approve = await cli(project, ['incident', 'approve', id, 'hook:dump', '--json'], { as: 'alice' });
    expect(approve.exitCode, approve.stderr).toBe(0);
    expect(approve.json().hook).toMatchObject({ ok: true, hook: 'dump' });
    expect(readDumps(project.stateDir)).toHaveLength(1);
    // Then a second run is a new request: refused until approved again
    const again = await cli(project, ['hook', 'run', id, 'dump', '--param', 'x=1'], { as: 'alice' });
    expect(again.exitCode).toBe(3);
    expect(readDumps(project.stateDir)).toHaveLength(1);
  });

  it('a failed run is visible, and runs again only with an explicit --retry', async () => {
    project = makeHookProject();
    const id = await start(project, [], cli);
    expect((await cli(project, ['hook', 'run', id, 'failing'], { as: 'alice' })).exitCode).toBe(3);
    const failed = await cli(project, ['incident', 'approve', id, 'hook:failing', '--json'], { as: 'alice' });
    expect(failed.exitCode).toBe(1);
    expect(failed.json().hook).toMatchObject({ ok: false, exitCode: 4 });
    // A hook run on its own has no step to record as done by hand: the way on is running it again
    const byHand = await cli(project, ['incident', 'step', id, 'hook:failing', '--record', '--note', 'did it'], { as: 'alice' });
    expect(byHand.exitCode).toBe(2);
    expect(byHand.stderr).toContain('no step "hook:failing"');
    expect(byHand.stderr).not.toMatch(/steps: .*hook:/);
    const again = await cli(project, ['hook', 'run', id, 'failing'], { as: 'alice' });
    expect(again.exitCode).toBe(3);
    expect(again.stderr).toContain('(hook.once-per-approval)');
    const retry = await cli(project, ['hook', 'run', id, 'failing', '--retry', '--json'], { as: 'alice' });
    expect(retry.exitCode).toBe(1);
    expect(retry.json().incident.steps.find((s: any) => s.id === 'hook:failing').runs.map((r: any) => r.outcome)).toEqual(['failed', 'failed']);
  });

  it('a hook run on its own that fails when approved says how to run it again, not to record a step by hand', async () => {
    project = makeHookProject();
    const id = await start(project, [], cli);
    expect((await cli(project, ['hook', 'run', id, 'failing'], { as: 'alice' })).exitCode).toBe(3);
    const approved = await cli(project, ['incident', 'approve', id, 'hook:failing'], { as: 'alice' });
    expect(approved.exitCode).toBe(1);
    expect(approved.stderr).toContain(`hook failing failed; run it again with aiops hook run ${id} failing --retry`);
    expect(approved.stderr).not.toContain('--record');
  });

  it('fires at most once when four terminals race to fire the same approved hook', async () => {
    project = makeHookProject();
    const id = await start(project);
    const req = await aiops(project, ['hook', 'run', id, 'slow', '--param', 'seconds=0.6'], { as: 'alice' });
    expect(req.exitCode).toBe(3);
    const ok = await aiops(project, ['incident', 'approve', id, 'hook:slow', '--no-run'], { as: 'alice' });
    expect(ok.exitCode, ok.stderr).toBe(0);
    // When four processes fire it at the same moment
    const racers = await Promise.all([0, 1, 2, 3].map(() => aiops(project, ['hook', 'run', id, 'slow', '--json'], { as: 'alice' })));
    // Then it ran once: one succeeded, the rest were refused or told it is done
    const runs = readFileSync(join(project.stateDir, 'slow.runs'), 'utf8').trim().split('\n');
    expect(runs.filter((l) => l.startsWith('start'))).toHaveLength(1);
    expect(racers.filter((r) => r.exitCode === 0)).toHaveLength(1);
    for (const r of racers.filter((x) => x.exitCode !== 0)) expect([2, 3]).toContain(r.exitCode);
    const show = await aiops(project, ['incident', 'show', id, '--json']);
    expect(show.json().incident.steps.find((s: any) => s.id === 'hook:slow').runs).toHaveLength(1);
  });

  it('after aiops is killed mid-hook, shows outcome unknown and refuses to fire until it is recorded', async () => {
    project = makeHookProject((c) => {
      c.hooks['pause-feature'] = { command: ['./fixtures/hook-tests/slow.sh', '30'], env: ['AIOPS_STATE_DIR'], approve: ['commander'], undo: 'resume-feature' };
    });
    const id = await start(project);
    expect((await aiops(project, ['incident', 'approve', id, 'pause', '--no-run'], { as: 'alice' })).exitCode).toBe(0);
    // Given aiops running the pause hook
    const child = execa('node', [BIN, '--as', 'alice', 'incident', 'step', id, 'pause', '--done'], { cwd: project.dir, env: { AIOPS_STATE_DIR: project.stateDir, AIOPS_DB: '' }, reject: false });
    pidsToKill.push(await pidFrom(join(project.stateDir, 'slow.pid')));
    // When aiops is killed with SIGKILL mid-hook
    child.kill('SIGKILL');
    await child;
    // Then show says the outcome is unknown
    const show = await aiops(project, ['incident', 'show', id]);
    expect(show.stdout).toContain('run-1 pause-feature: OUTCOME UNKNOWN — check and record');
    const view = (await aiops(project, ['incident', 'show', id, '--json'])).json().incident;
    expect(view.steps.find((s: any) => s.id === 'pause')).toMatchObject({ display: 'outcome-unknown', status: 'pending' });
    // And a new fire is refused, retry or not (--retry alone means done by a retry)
    for (const args of [['incident', 'step', id, 'pause', '--done'], ['incident', 'step', id, 'pause', '--done', '--retry'], ['incident', 'step', id, 'pause', '--retry']]) {
      const again = await aiops(project, args, { as: 'alice' });
      expect(again.exitCode).toBe(3);
      expect(again.stderr).toContain('(hook.outcome-unknown)');
    }
    expect(readFileSync(join(project.stateDir, 'slow.runs'), 'utf8').match(/start/g)).toHaveLength(1);
    // When the commander checks and records it as failed, a retry is allowed again
    const rec = await aiops(project, ['hook', 'record', id, 'run-1', '--failed', '--note', 'flag still on in the console'], { as: 'alice' });
    expect(rec.exitCode, rec.stderr).toBe(0);
    const rec2 = await aiops(project, ['hook', 'record', id, 'run-1', '--ok', '--note', 'twice'], { as: 'alice' });
    expect(rec2.exitCode).toBe(2);
    // And show says the outcome was recorded by hand, not as if the hook had exited after 0 ms
    const recorded = await aiops(project, ['incident', 'show', id]);
    expect(recorded.stdout).toContain('run-1 pause-feature: failed, recorded by hand: flag still on in the console');
    expect(recorded.stdout).not.toContain('exit -, 0 ms');
    const runView = (await aiops(project, ['incident', 'show', id, '--json'])).json().incident.steps.find((s: any) => s.id === 'pause').runs[0];
    expect(runView).toMatchObject({ outcome: 'failed', recorded: 'flag still on in the console', exitCode: null });
    // When the step is then recorded as done by hand, the postmortem says so, not only the terminal
    const byHand = await aiops(project, ['incident', 'step', id, 'pause', '--record', '--note', 'paused in the console'], { as: 'alice' });
    expect(byHand.exitCode, byHand.stderr).toBe(0);
    expect(byHand.stderr).toContain('recorded pause as done by hand; hook pause-feature did not succeed');
    const md = await aiops(project, ['export', id]);
    expect(md.stdout).toMatch(/Step pause \([^)]*\) done by hand \(hook pause-feature did not succeed, run-1\) - paused in the console/);
  });

  it('records a checked success by hand, which completes the step', async () => {
    project = makeHookProject((c) => {
      c.hooks['pause-feature'].command = ['./fixtures/hook-tests/slow.sh', '30'];
    });
    const id = await start(project);
    await aiops(project, ['incident', 'approve', id, 'pause', '--no-run'], { as: 'alice' });
    const child = execa('node', [BIN, '--as', 'alice', 'incident', 'step', id, 'pause', '--done'], { cwd: project.dir, env: { AIOPS_STATE_DIR: project.stateDir, AIOPS_DB: '' }, reject: false });
    pidsToKill.push(await pidFrom(join(project.stateDir, 'slow.pid')));
    // While the first aiops lives, a second terminal is told it is running, not unknown
    const racing = await aiops(project, ['incident', 'step', id, 'pause', '--done'], { as: 'alice' });
    expect(racing.exitCode).toBe(3);
    expect(racing.stderr).toContain('(hook.running)');
    child.kill('SIGKILL');
    await child;
    const rec = await aiops(project, ['hook', 'record', id, 'run-1', '--ok', '--note', 'console shows paused', '--json'], { as: 'alice' });
    expect(rec.exitCode, rec.stderr).toBe(0);
    expect(rec.json().completedStep).toBe('pause');
  });

  it('undoes a step with the same approvals and pairs the runs', async () => {
    project = makeHookProject();
    const id = await start(project, [], cli);
    expect((await cli(project, ['incident', 'approve', id, 'pause'], { as: 'alice' })).exitCode).toBe(0);
    expect(readFileSync(join(project.stateDir, 'feature-flags'), 'utf8')).toMatch(/^acme disabled/);
    // When alice, the commander, asks to undo the pause: the resume needs the commander's approval
    // like the pause did, and her asking is that approval
    const undo = await cli(project, ['hook', 'undo', id, 'pause', '--json'], { as: 'alice' });
    expect(undo.exitCode, undo.stderr).toBe(0);
    // Then the resume ran with the pause's params, recorded as the undo of run-1
    const doc = undo.json();
    expect(doc.hook).toMatchObject({ hook: 'resume-feature', ok: true });
    expect(doc.hook.argv.slice(1)).toEqual(['enable', '--tenant', 'acme', '--incident', id]);
    expect(readFileSync(join(project.stateDir, 'feature-flags'), 'utf8')).toBe('');
    const log = await cli(project, ['evidence', 'export', id]);
    const started = log.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.type === 'hook.finished');
    expect(started.map((e: any) => [e.payload.hook, e.payload.undoOf ?? null])).toEqual([['pause-feature', null], ['resume-feature', 'run-1']]);
    // And a second undo is refused: it was already undone
    const twice = await cli(project, ['hook', 'undo', id, 'pause'], { as: 'alice' });
    expect(twice.exitCode).toBe(2);
    expect(twice.stderr).toContain('already undone by run-2');
  });
});

describe('hook output in the evidence log', () => {
  it('never stores the secrets a hook printed, in the database or its export', async () => {
    project = makeHookProject();
    const id = await start(project, [], cli);
    await cli(project, ['hook', 'run', id, 'secrets'], { as: 'alice' });
    const r = await cli(project, ['incident', 'approve', id, 'hook:secrets', '--json'], { as: 'alice', env: { FLAGS_API_TOKEN: 'zz-env-only-token-4711' } });
    expect(r.exitCode, r.stderr).toBe(0);
    const exported = await cli(project, ['evidence', 'export', id]);
    expect(exported.stdout).toContain('[REDACTED]');
    const files = readdirSync(join(project.dir, '.aiops')).map((f) => readFileSync(join(project.dir, '.aiops', f)).toString('latin1'));
    for (const s of SECRETS) {
      expect(exported.stdout, s).not.toContain(s);
      for (const f of files) expect(f.includes(s), s).toBe(false);
    }
  });

  it('hook output prints the whole run, redacted (with patterns added since, too), as text and --json (issue 18)', async () => {
    // Given a run of the secrets hook, then a redact pattern added to aiops.yaml afterwards
    project = makeHookProject();
    const id = await start(project, [], cli);
    await cli(project, ['hook', 'run', id, 'secrets'], { as: 'alice' });
    expect((await cli(project, ['incident', 'approve', id, 'hook:secrets'], { as: 'alice' })).exitCode).toBe(0);
    const file = join(project.dir, 'aiops.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^redact:\n/m, "redact:\n  - 'db url'\n"));
    // When the run's output is asked for, by its id and by its number
    const text = await cli(project, ['hook', 'output', id, 'run-1']);
    const doc = (await cli(project, ['hook', 'output', id, '1', '--json'])).json();
    // Then every line is there, the stored redactions and the new pattern applied, no secret left
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^run-1 secrets \(step hook:secrets\): ok, exit 0 in \d+(\.\d+)? m?s\n/);
    expect(text.stdout).toContain('--- stdout\nopenai key [REDACTED]');
    expect(text.stdout).toContain('team pattern [REDACTED]');
    expect(text.stdout).toContain('--- stderr\nstderr token: [REDACTED]');
    // (the connection string was redacted whole at capture by secretlint's preset; the label by the new pattern)
    expect(text.stdout).toContain('\n[REDACTED] [REDACTED]\n');
    // (the log itself keeps what was redacted at capture: the label was not secret then)
    expect((await cli(project, ['evidence', 'export', id])).stdout).toContain('db url [REDACTED]');
    expect(doc.schemaVersion).toBe(1);
    expect(doc.output).toMatchObject({ run: 'run-1', hook: 'secrets', outcome: 'ok', exitCode: 0, stdoutCut: 0 });
    for (const s of [...SECRETS, 'db url']) expect(JSON.stringify(doc), s).not.toContain(s);
    // And the incident id is taken as every other command takes it: any case, zeros left out
    for (const spelled of [id.toLowerCase(), id.replace('-000', '-'), id.toLowerCase().replace('-000', '-')]) {
      const again = await cli(project, ['hook', 'output', spelled, 'run-1', '--json']);
      expect(again.exitCode, `${spelled}: ${again.stderr}`).toBe(0);
      expect(again.json().output).toMatchObject({ run: 'run-1', hook: 'secrets' });
    }
    // And an unknown run is named, with the runs there are
    const missing = await cli(project, ['hook', 'output', id, 'run-9']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain(`${id} has no hook run run-9`);
    expect(missing.stderr).toContain('run-1 (secrets)');
  });

  it('runs the shipped example hooks with their state in the temp state dir only', async () => {
    project = makeHookProject();
    const id = await start(project, [], cli);
    expect((await cli(project, ['hook', 'run', id, 'disable-tool', '--param', 'tool=issue_refund'], { as: 'alice' })).exitCode).toBe(3);
    expect((await cli(project, ['incident', 'approve', id, 'hook:disable-tool'], { as: 'alice' })).exitCode).toBe(0);
    expect((await cli(project, ['hook', 'run', id, 'rollback-model', '--param', 'service=acme', '--param', 'version=previous'], { as: 'alice' })).exitCode).toBe(3);
    expect((await cli(project, ['incident', 'approve', id, 'hook:rollback-model'], { as: 'alice' })).exitCode).toBe(0);
    expect(readFileSync(join(project.stateDir, 'tool-allowlist'), 'utf8')).not.toContain('issue_refund');
    expect(readFileSync(join(project.stateDir, 'version-pins'), 'utf8')).toMatch(/^model acme previous /);
    expect(existsSync(join(project.dir, '.aiops', 'state'))).toBe(false);
    // A hostile value is refused by the script itself: the hook fails, nothing changes
    await cli(project, ['hook', 'run', id, 'disable-tool', '--param', 'tool=--all; rm -rf ~'], { as: 'alice' });
    const bad = await cli(project, ['incident', 'approve', id, 'hook:disable-tool', '--json'], { as: 'alice' });
    expect(bad.exitCode).toBe(1);
    expect(bad.json().hook).toMatchObject({ ok: false, exitCode: 2 });
  });
});
