import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Session } from '../src/app/session.js';
import { act } from '../src/app/act.js';
import { startIncident } from '../src/app/start-incident.js';
import { KEY, mount, type Mounted } from './tui-harness.js';

// The TUI must make the same app call as `aiops incident step ID update --done --text ..`: record what it is given.
const calls = vi.hoisted(() => [] as Array<{ step: string; opts: Record<string, unknown> }>);
vi.mock('../src/app/incidents.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/app/incidents.js')>();
  return {
    ...real,
    workStep: (session: Session, id: string, step: string, opts: Parameters<typeof real.workStep>[3]) => {
      calls.push({ step, opts: { done: opts.done, text: opts.text } });
      return real.workStep(session, id, step, opts);
    },
  };
});

let m: Mounted | undefined;
afterEach(async () => {
  await m?.cleanup();
  m = undefined;
  calls.length = 0;
});

/** The shipped playbook, with its customer update posted by a hook (as a team with a status page would). */
async function openWithNotifyHook(s: Session): Promise<string> {
  s.project.config.hooks!['post-status'] = { command: [process.execPath, '-e', "console.log('posted')"], timeout: '10s' };
  const pb = s.project.playbooks.find((p) => p.playbook.id === 'unexpected-tool-call')!.playbook;
  const update = pb.steps.find((st) => st.id === 'update')!;
  if (update.kind === 'notify') update.hook = 'post-status';
  return (await startIncident(s, { trigger: 'unexpected_tool_call', title: 'Refund loop', service: 'billing-agent', assignOncall: true })).state.id;
}

async function toUpdate(s: Session, id: string): Promise<void> {
  for (const step of ['assign-roles', 'page-reviewer', 'triage-calls', 'preserve-evidence', 'monitor']) await act(s, id, { kind: 'step', step, action: 'done' });
  await act(s, id, { kind: 'approve', step: 'disable', override: 'setup' });
  await act(s, id, { kind: 'step', step: 'disable', action: 'skip', reason: 'setup' });
  await act(s, id, { kind: 'step', step: 'side-effects', action: 'choose', option: 'no' });
}

describe('a notify step with a hook', () => {
  it('Given a notify step with a hook, When Enter is pressed, Then the message editor opens with the rendered template', async () => {
    m = await mount({ open: openWithNotifyHook, setup: toUpdate });
    await m.waitFor('› NOW   update');
    await m.press(KEY.enter);
    const f = await m.waitFor('Edit the text, then Enter records it as sent.');
    expect(f).toContain(`Update on incident ${m.id}`);
    expect(f).not.toContain('Run post-status for update?');
  });

  it('Given the editor, When the edited text is confirmed, Then the step is worked with that text through the CLI\'s call and completes', async () => {
    m = await mount({ open: openWithNotifyHook, setup: toUpdate });
    await m.waitFor('› NOW   update');
    await m.press(KEY.enter);
    await m.waitFor('Edit the text, then Enter records it as sent.');
    await m.press(KEY.ctrlU, 'Refunds paused; we will email affected customers.', KEY.enter);
    await m.waitFor('  done  update', 5000);
    expect(calls).toEqual([{ step: 'update', opts: { done: true, text: 'Refunds paused; we will email affected customers.' } }]);
    expect((await m.session.log.readIncident(m.id)).some((e) => e.type === 'hook.finished' && e.payload.hook === 'post-status' && e.payload.ok)).toBe(true);
  });
});
