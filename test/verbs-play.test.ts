import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { loadProject } from '../src/app/project.js';
import { openSession, type Session } from '../src/app/session.js';
import { startIncident } from '../src/app/start-incident.js';
import type { ScriptEntry } from '../src/core/schemas/scenario.js';
import { playEntry } from '../src/verbs/play.js';
import { scriptEntryFor, scriptVerb } from '../src/verbs/script.js';
import { makeProject, REPO, type TempProject } from './helpers/project.js';

let project: TempProject | undefined;
let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
  project?.cleanup();
  project = undefined;
});

const entry = (as: string, d: string, args: Record<string, unknown>): ScriptEntry => ({ at: '1m', as, do: d as ScriptEntry['do'], args });

/** A fresh project with one incident alice started (she holds commander). */
async function started(as = 'alice'): Promise<{ id: string; as: (who: string) => Promise<Session> }> {
  project = makeProject({ withScenarios: false });
  const loaded = loadProject({ cwd: project.dir, env: {} });
  const open = (who: string) => openSession({ cwd: project!.dir, env: {}, as: who, project: loaded });
  // Starting an incident is what creates the log; the other sessions open the log it made.
  session = await openSession({ cwd: project.dir, env: {}, as, project: loaded, create: true });
  const { state } = await startIncident(session, { trigger: 'data_leakage', title: 'Leak', service: 'acme' });
  return { id: state.id, as: open };
}

describe('playing a script entry finds its verb and runs it', () => {
  it('maps every entry of every shipped scenario to a verb', () => {
    // Given the shipped scenarios
    for (const file of readdirSync(join(REPO, 'scenarios'))) {
      const sc = parse(readFileSync(join(REPO, 'scenarios', file), 'utf8'));
      for (const e of sc.script ?? []) {
        // Then each entry reads as a verb with args it declares
        const found = scriptVerb(e);
        expect(found.ok ? 'ok' : found.message, `${file} ${JSON.stringify(e)}`).toBe('ok');
      }
    }
  });

  it('runs a good entry, and turns bad args and a refusal into outcomes instead of crashes', async () => {
    // Given an incident alice commands
    const { id, as } = await started();
    // When alice assigns the reviewer from a script
    const ok = await playEntry(session!, id, entry('alice', 'assign', { role: 'reviewer', person: 'bob' }), 0);
    // Then it is done
    expect(ok).toMatchObject({ ok: true, error: null, do: 'assign' });
    // When an entry misspells an arg
    const bad = await playEntry(session!, id, entry('alice', 'assign', { role: 'reviewer', persn: 'bob' }), 1);
    // Then it is invalid and names what is allowed
    expect(bad.error).toEqual({ kind: 'invalid', message: 'assign: unknown args persn; allowed: role, person' });
    // When bob, who is no commander, changes severity
    const bob = await as('bob');
    try {
      const refused = await playEntry(bob, id, entry('bob', 'severity', { severity: 'SEV3', reason: 'small' }), 2);
      // Then it is refused under the rule the verb declares
      expect(refused.error?.kind).toBe('refused');
      expect(refused.error?.message).toMatch(/^authority\.severity: /);
    } finally {
      await bob.close();
    }
  });

  it('plays the new verb words too: step.skip by its own name, and drill.debrief refused outside a drill', async () => {
    // Given an incident
    const { id } = await started();
    // When a step is skipped with do: step.skip
    const skipped = await playEntry(session!, id, entry('alice', 'step.skip', { step: 'assign-roles', skip: 'roles were set by the pager' }), 0);
    // Then it is skipped
    expect(skipped.error).toBeNull();
    const events = await session!.log.readIncident(id);
    expect(events.some((e) => e.type === 'step.skipped')).toBe(true);
    // And a drill-only verb on a real incident is an outcome, not a crash
    const debrief = await playEntry(session!, id, entry('alice', 'drill.debrief', { text: 'went well' }), 1);
    expect(debrief.ok).toBe(false);
  });
});

describe('a script entry with an empty or missing arg', () => {
  it('names the arg as the script gives it (args.summary), and the TUI, which fills args itself, in words', async () => {
    // When a script closes with an empty summary, or notes nothing
    expect(scriptVerb(entry('alice', 'close', { summary: '' }))).toEqual({ ok: false, message: 'close: args.summary is empty: give the closing summary' });
    expect(scriptVerb(entry('alice', 'note', {}))).toEqual({ ok: false, message: 'note: needs args.text (the note text)' });
    expect(scriptVerb(entry('alice', 'hook', {}))).toEqual({ ok: false, message: 'hook: needs args.hook (a hook by name) or args.step (a step whose hook to fire)' });
    // And a played entry says the same, with nothing recorded
    const { id } = await started();
    const played = await playEntry(session!, id, entry('alice', 'handoff', { role: 'commander', person: ' ' }), 0);
    expect(played.error).toEqual({ kind: 'invalid', message: 'handoff: args.person is empty: give a roster id' });
    // While the message a front door does not rephrase (the TUI's) names no args.X
    const { verbById } = await import('../src/verbs/index.js');
    expect(() => verbById('close').command({ summary: '' })).toThrow(/^the summary is empty: give the closing summary$/);
  });
});

describe('the recorder writes entries through the verb declarations', () => {
  it('writes the script word older scenarios use, and refuses an arg the verb does not declare', () => {
    expect(scriptEntryFor('step.done', { step: 'pause', done: true })).toEqual({ do: 'step', args: { step: 'pause', done: true } });
    expect(scriptEntryFor('override', { step: 'pause', override: 'on fire' })).toEqual({ do: 'approve', args: { step: 'pause', override: 'on fire' } });
    expect(scriptEntryFor('hook.undo', { step: 'pause' }).do).toBe('undo');
    expect(() => scriptEntryFor('assign', { role: 'commander', who: 'alice' })).toThrow(/assign/);
  });
});
