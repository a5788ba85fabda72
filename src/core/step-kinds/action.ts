import type { ActionStep } from './action.schema.js';
import { checkHookStep, describeHook } from './hook-rules.js';
import { PLAIN_STEP, type StepKindModule } from './step-kind.js';

export const action: StepKindModule<ActionStep> = {
  ...PLAIN_STEP,
  kind: 'action',
  noun: 'an action',
  hookOf: (spec) => spec.hook,
  paramsOf: (spec) => spec.params ?? {},
  approversOf: (spec) => spec.approve ?? [],
  completion: (spec) => ({ by: 'hook', hook: spec.hook }),
  describe: (spec, approvals) => describeHook(spec.hook, approvals),
  validate: (spec, ctx) => checkHookStep(spec, ctx),
};
