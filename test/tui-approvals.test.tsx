import { afterEach, describe, expect, it } from 'vitest';
import { act } from '../src/app/act.js';
import { approveStep } from '../src/app/incidents.js';
import { KEY, mount, type Mounted } from './tui-harness.js';

let m: Mounted | undefined;
afterEach(async () => {
  await m?.cleanup();
  m = undefined;
});

const toRollback = async (s: Mounted['session'], id: string) => {
  for (const step of ['assign-roles', 'page-reviewer', 'triage']) await act(s, id, { kind: 'step', step, action: 'done' });
  await act(s, id, { kind: 'step', step: 'reproducible', action: 'choose', option: 'reproducible' });
};
const rolesDone = async (s: Mounted['session'], id: string) => void (await act(s, id, { kind: 'step', step: 'assign-roles', action: 'done' }));
const logged = async (m: Mounted, type: string) => (await m.session.log.readIncident(m.id)).some((e) => e.type === type);
const policyStart = { trigger: 'policy_violation', title: 'Unsafe advice', service: 'assistant-eu', assignOncall: true };

describe('approvals in the TUI', () => {
  it('names exactly what will run before the last approval, then runs it and shows the result', async () => {
    // Given the disable-tool step waits for the commander's approval
    m = await mount({ setup: rolesDone });
    await m.waitFor('› APPRV disable');
    expect(m.frame()).toContain('approval commander: missing commander');
    // When alice presses a
    await m.press('a');
    // Then the confirmation names her role, that it is the last approval, and the exact argv
    const ask = await m.waitFor('Approve disable as commander?');
    expect(ask).toContain('Yours is the last approval needed: the hook runs as soon as you confirm.');
    expect(ask.replace(/[│\n ]+/g, ' ')).toContain(`runs: <project>/fixtures/hooks/tool-allowlist.sh remove --tool issue_refund --incident ${m.id}`);
    // And nothing was approved before she confirms
    expect(await logged(m, 'approval.granted')).toBe(false);
    await m.press('y');
    const f = await m.waitFor('  done  disable', 15_000);
    expect(f).toContain('alice  approved disable as commander');
    expect(f).toContain('alice  hook disable-tool ok, exit 0 in N ms');
    expect(f).toMatch(/disable-tool: ok · exit 0 · N ms/);
  });

  it('says which roles are still missing under the two-person rule, and runs nothing', async () => {
    m = await mount({ start: policyStart, setup: toRollback });
    await m.waitFor('› APPRV rollback');
    expect(m.frame()).toContain('approval commander + reviewer: missing');
    await m.press(KEY.enter);
    const ask = await m.waitFor('Approve rollback as commander?');
    expect(ask).toContain('Still missing after yours: reviewer. Nothing runs yet.');
    await m.press('y');
    const f = await m.waitFor('rollback: approved as commander; still missing reviewer');
    expect(f).toContain('reviewer: have commander');
    expect(f).toContain('by alice · missing reviewer');
    expect(f).toContain('› APPRV rollback');
    expect(await logged(m, 'hook.started')).toBe(false);
  });

  it('says up front when an approval would be refused and why, offers no y, and records nothing', async () => {
    // Given erin, who holds no role in this incident
    m = await mount({ as: 'erin', setup: rolesDone });
    await m.waitFor('› APPRV disable');
    expect(m.frame()).toContain('you: erin (no role)');
    // Then neither the keys line nor the detail offers her an override the engine would refuse
    expect(m.frame()).not.toContain('o override');
    await m.press('a');
    const f = await m.waitFor('You cannot approve disable now (approval.role)');
    expect(f.replace(/[│\n ]+/g, ' ')).toContain('approving disable needs commander');
    expect(f).toContain('Esc close');
    expect(f).not.toMatch(/y approve|runs as soon as you confirm/);
    // And y does nothing: no approval, no refusal in the log
    await m.press('y', '\u001B');
    await m.waitFor('› APPRV disable');
    expect(await logged(m, 'approval.granted')).toBe(false);
    expect(await logged(m, 'policy.refused')).toBe(false);
    await m.press('o');
    await m.waitFor('REFUSED (override.commander)');
  });

  it('Given carol with no role on a two-person step bob approved, Then the dialog says the engine would refuse her (approval.role), not that the hook runs', async () => {
    m = await mount({ as: 'carol', start: { ...policyStart, assignOncall: false }, setup: async (s, id) => {
      await act(s, id, { kind: 'assign', role: 'reviewer', person: 'bob' });
      await toRollback(s, id);
    } });
    const bob = await m.other('bob');
    await act(bob, m.id, { kind: 'approve', step: 'rollback' });
    await m.waitFor('bob    approved rollback as reviewer');
    expect(m.frame()).not.toContain('o override');
    await m.press('a');
    const f = await m.waitFor('You cannot approve rollback now (approval.role)');
    expect(f).not.toMatch(/the hook runs as soon as you confirm|Yours is the last approval/);
    expect(await logged(m, 'policy.refused')).toBe(false);
  });

  it('Given bob already approved as reviewer, When he presses a again, Then the dialog says the two-person rule refuses him, not that his is the last approval', async () => {
    m = await mount({ as: 'bob', start: policyStart, setup: toRollback });
    await m.waitFor('› APPRV rollback');
    await act(m.session, m.id, { kind: 'approve', step: 'rollback' });
    await m.waitFor('bob    approved rollback as reviewer');
    await m.press('a');
    const f = await m.waitFor('You cannot approve rollback now (approval.two-person)');
    expect(f).not.toMatch(/the hook runs as soon as you confirm|Yours is the last approval/);
  });

  it('Given alice was told rollback still misses reviewer, When bob approves in another terminal and the hook runs, Then her status line no longer says it is missing', async () => {
    m = await mount({ start: policyStart, setup: toRollback });
    await m.waitFor('› APPRV rollback');
    await m.press('a');
    await m.waitFor('Approve rollback as commander?');
    await m.press('y');
    await m.waitFor('rollback: approved as commander; still missing reviewer');
    // When bob's approval completes the set and runs the hook (his terminal, the same log)
    await approveStep(await m.other('bob'), m.id, 'rollback', {});
    // Then the live view shows the hook ran and the step is done, and nothing says reviewer is missing
    const f = await m.waitFor('step rollback done', 15_000);
    expect(f).toContain('hook rollback-prompt ok');
    expect(f).not.toContain('still missing reviewer');
  });

  it('records a deny with its reason and shows the step blocked', async () => {
    m = await mount({ setup: rolesDone });
    await m.waitFor('› APPRV disable');
    await m.press('D');
    await m.waitFor('Deny disable?');
    await m.press('refunds are legitimate, wrong alert', KEY.enter);
    const f = await m.waitFor('› DENY  disable');
    expect(f).toContain('DENIED by alice: refunds are legitimate,');
  });

  it('an approval given for another command shows as missing, and approving again logs its lapse and runs the hook', async () => {
    // Given alice approved disable when aiops.yaml passed another --tool (the approval pins that command)
    m = await mount({
      setup: async (s, id) => {
        await rolesDone(s, id);
        const command = ['./fixtures/hooks/tool-allowlist.sh', 'remove', '--tool', 'other_tool', '--incident', id];
        await act(s, id, { kind: 'approve', step: 'disable', argv: command, command });
      },
    });
    // Then the step still asks for the commander's approval
    await m.waitFor('› APPRV disable');
    expect(m.frame()).toContain('approval commander: missing commander');
    // When alice approves again
    await m.press('a');
    await m.waitFor('Approve disable as commander?');
    await m.press('y');
    // Then the old approval's lapse is logged before hers, and the hook runs with the command as it is now
    await m.waitFor('  done  disable', 15_000);
    const types = (await m.session.log.readIncident(m.id)).map((e) => e.type).filter((t) => t.startsWith('approval.') || t === 'hook.started');
    expect(types).toEqual(['approval.requested', 'approval.granted', 'approval.lapsed', 'approval.granted', 'hook.started']);
  });
});
