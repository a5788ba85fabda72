import { describe, expect, it } from 'vitest';
import { failureText, Given, typesAndPayloads } from './decide-harness.js';

// An approval pins the command as aiops.yaml gives it; the argv beside it is where the approver's
// host resolved the program. Approvals written before commands were pinned hold only that argv.

const COMMAND = ['./fixtures/hooks/feature-flag.sh', 'disable', '--tenant', 'acme'];
const on = (root: string) => [`${root}/fixtures/hooks/feature-flag.sh`, ...COMMAND.slice(1)];
const begin = (argv: string[], command: string[]) => ({ kind: 'hook-begin' as const, step: 'pause', argv, command, env: [], cwd: '/', simulated: false });

describe('what an approval pins', () => {
  it('given an approval from host B, when host A begins the run, then the same command matches though the paths differ', () => {
    const g = Given.opened('data-leakage').given(['alice', { kind: 'approve', step: 'pause', argv: on('/b'), command: COMMAND }]);
    const { decision, appended } = g.run('alice', begin(on('/a'), COMMAND));
    expect(decision).toMatchObject({ ok: true });
    expect(typesAndPayloads(appended)).toEqual([['hook.started', expect.objectContaining({ argv: on('/a') })]]);
  });

  it('given an approval of another argument, when the run begins, then the approvals lapse with what changed and nothing starts', () => {
    const g = Given.opened('data-leakage').given(['alice', { kind: 'approve', step: 'pause', argv: on('/a'), command: COMMAND }]);
    const now = [...COMMAND.slice(0, 3), 'acme-eu'];
    const decision = g.when('alice', begin(on('/a').slice(0, 3).concat('acme-eu'), now));
    expect(decision).toMatchObject({ ok: false, kind: 'refused', rule: 'approval.lapsed' });
    expect(failureText(decision).message).toContain('argv[3] "acme" → "acme-eu"');
    // (the pipeline appends the lapse before the refusal's policy.refused)
    const lapsed = decision.ok ? [] : (decision.kind === 'refused' && decision.events) || [];
    expect(typesAndPayloads(lapsed)).toEqual([['approval.lapsed', { step: 'pause', hook: 'pause-feature', approved: COMMAND, now, changes: ['argv[3] "acme" → "acme-eu"'] }]]);
  });

  it('given a legacy approval (argv only), then it matches the argv this host resolves, and lapses for another', () => {
    const g = Given.opened('data-leakage').given(['alice', { kind: 'approve', step: 'pause', argv: on('/a') }]);
    expect(g.when('alice', begin(on('/a'), COMMAND))).toMatchObject({ ok: true });
    const other = g.when('alice', begin(on('/b'), COMMAND));
    expect(failureText(other).message).toContain('argv[0] "/a/fixtures/hooks/feature-flag.sh" → "/b/fixtures/hooks/feature-flag.sh"');
  });

  it('given an approval of another command, when someone approves, then the lapse is logged first and the round counts afresh', () => {
    const g = Given.opened('data-leakage').given(['alice', { kind: 'approve', step: 'pause', note: 'first', argv: on('/a'), command: COMMAND }]);
    const now = [...COMMAND.slice(0, 3), 'acme-eu'];
    const { decision, appended } = g.run('alice', { kind: 'approve', step: 'pause', argv: on('/a').slice(0, 3).concat('acme-eu'), command: now });
    expect(decision).toMatchObject({ ok: true, role: 'commander' });
    expect(decision.ok && decision.warnings).toEqual(['the earlier approvals of pause (commander: alice) were for another command and lapsed (argv[3] "acme" → "acme-eu"); this one is for the command as it is now']);
    expect(appended.map((e) => [e.type, e.role])).toEqual([['approval.lapsed', 'commander'], ['approval.granted', 'commander']]);
    expect(g.state.steps.find((s) => s.id === 'pause')!.approvals.map((a) => a.command)).toEqual([now]);
  });

  it('given the same command, when approved again, then it is already fully approved', () => {
    const g = Given.opened('data-leakage').given(['alice', { kind: 'approve', step: 'pause', argv: on('/a'), command: COMMAND }]);
    expect(failureText(g.when('alice', { kind: 'approve', step: 'pause', argv: on('/b'), command: COMMAND })).message).toBe('step pause is already fully approved');
  });

  it('given a hook that cannot run, when approved, then it is bad input, nothing is appended, and a role refusal still comes first', () => {
    const g = Given.opened('data-leakage');
    const blocked = { kind: 'approve' as const, step: 'pause', argv: on('/a'), command: COMMAND, blocked: 'hook pause-feature cannot run: argument 3 holds a NUL byte' };
    const { decision, appended } = g.run('alice', blocked);
    expect(decision).toMatchObject({ ok: false, kind: 'invalid', code: 'approval.hook-blocked' });
    expect(failureText(decision).message).toBe('hook pause-feature cannot run: argument 3 holds a NUL byte; nothing was approved and nothing ran');
    expect(appended).toEqual([]);
    expect(g.when('bob', blocked)).toMatchObject({ ok: false, kind: 'refused', rule: 'approval.role' });
  });
});
