import { describe, expect, it } from 'vitest';
import { Step } from '../src/core/schemas/playbook.js';
import {
  STEP_KINDS,
  approversOf,
  completionOf,
  describeStepSpec,
  exitsOf,
  gotoAfter,
  hookOf,
  messageTemplateOf,
  optionsOf,
  paramsOf,
  waitDurationOf,
} from '../src/core/step-kinds/index.js';
import { requiredApprovals } from '../src/core/validate-playbook.js';

const parse = (raw: unknown) => Step.parse(raw);
const base = { title: 'T', owner: 'commander' };
const check = parse({ ...base, id: 'c', kind: 'check' });
const decision = parse({ ...base, id: 'd', kind: 'decision', options: [{ id: true, goto: 'c' }, { id: 'no', label: 'Not really' }] });
const action = parse({ ...base, id: 'a', kind: 'action', hook: 'pause-feature', params: { tenant: 't1' }, approve: ['commander'] });
const notify = parse({ ...base, id: 'n', kind: 'notify', template: 'Paused {{incident.service}}' });
const notifyHook = parse({ ...base, id: 'nh', kind: 'notify', template: 'Hi', hook: 'post-status', approve: ['communicator'] });
const wait = parse({ ...base, id: 'w', kind: 'wait', duration: '10m' });

describe('step kinds (src/core/step-kinds)', () => {
  it('Given the registry, When listed, Then it holds the five kinds in schema order, each under its own name', () => {
    expect(Object.keys(STEP_KINDS)).toEqual(['check', 'decision', 'action', 'notify', 'wait']);
    for (const [name, mod] of Object.entries(STEP_KINDS)) expect(mod.kind).toBe(name);
  });

  it('Given a step of each kind, When asked for its hook, Then only an action and a notify step with a hook have one', () => {
    expect([check, decision, action, notify, notifyHook, wait].map(hookOf)).toEqual([null, null, 'pause-feature', null, 'post-status', null]);
    expect(paramsOf(action)).toEqual({ tenant: 't1' });
    expect(paramsOf(notifyHook)).toEqual({});
    expect(paramsOf(check)).toEqual({});
  });

  it('Given a step of each kind, When asked what completes it, Then each kind answers its own rule', () => {
    expect(completionOf(check)).toEqual({ by: 'done' });
    expect(completionOf(decision)).toEqual({ by: 'option', options: ['true', 'no'] });
    expect(completionOf(action)).toEqual({ by: 'hook', hook: 'pause-feature' });
    expect(completionOf(notify)).toEqual({ by: 'message', template: 'Paused {{incident.service}}', hook: null });
    expect(completionOf(notifyHook)).toEqual({ by: 'message', template: 'Hi', hook: 'post-status' });
    expect(completionOf(wait)).toEqual({ by: 'timer', duration: '10m' });
  });

  it('Given a decision, When an option is chosen, Then its goto is where the walk continues; other kinds fall through', () => {
    expect(gotoAfter(decision, 'true')).toBe('c');
    expect(gotoAfter(decision, 'no')).toBeUndefined();
    expect(gotoAfter(check, 'true')).toBeUndefined();
    expect(exitsOf(decision)).toEqual(['c', null]);
    expect(exitsOf(wait)).toEqual([null]);
    expect(optionsOf(decision).map((o) => o.id)).toEqual(['true', 'no']);
    expect(optionsOf(action)).toEqual([]);
  });

  it('Given notify and wait steps, When asked for their message and watch, Then only they answer', () => {
    expect(messageTemplateOf(notify)).toBe('Paused {{incident.service}}');
    expect(messageTemplateOf(action)).toBeNull();
    expect(waitDurationOf(wait)).toBe('10m');
    expect(waitDurationOf(notify)).toBeNull();
  });

  it('Given approvals, When the hook has a floor in aiops.yaml, Then the step needs its own roles plus the floor', () => {
    expect(approversOf(action)).toEqual(['commander']);
    expect(approversOf(check)).toEqual([]);
    const config = { hooks: { 'post-status': { command: ['x'], approve: ['commander'] } } } as never;
    expect(requiredApprovals(notifyHook, config)).toEqual(['communicator', 'commander']);
    expect(requiredApprovals(decision, config)).toEqual([]);
  });

  it('Given a step of each kind, When described, Then the lines are the ones `playbook show` prints under it', () => {
    expect(describeStepSpec(decision, [])).toEqual(['option true → c', 'option no: Not really']);
    expect(describeStepSpec(action, ['commander', 'reviewer'])).toEqual(['hook pause-feature, approval: commander + reviewer']);
    expect(describeStepSpec(notifyHook, [])).toEqual(['hook post-status', 'template: Hi']);
    expect(describeStepSpec(notify, [])).toEqual(['template: Paused {{incident.service}}']);
    expect(describeStepSpec(wait, [])).toEqual(['wait 10m']);
    expect(describeStepSpec(check, [])).toEqual([]);
  });
});
