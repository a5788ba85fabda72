import { z } from 'zod';
import { Identifier, RoleName } from '../schemas/common.js';
import { checkHookStep, describeHook } from './hook-rules.js';
import { HookParams, PLAIN_STEP, StepBase, type StepKindModule } from './step-kind.js';

/** Fire a hook, after the approvals it needs. */
export const ActionStep = z.strictObject({
  ...StepBase,
  kind: z.literal('action'),
  hook: Identifier,
  params: HookParams.optional(),
  approve: z.array(RoleName).optional(),
});
export type ActionStep = z.infer<typeof ActionStep>;

export const action: StepKindModule<ActionStep> = {
  ...PLAIN_STEP,
  kind: 'action',
  schema: ActionStep,
  noun: 'an action',
  hookOf: (spec) => spec.hook,
  paramsOf: (spec) => spec.params ?? {},
  approversOf: (spec) => spec.approve ?? [],
  completion: (spec) => ({ by: 'hook', hook: spec.hook }),
  describe: (spec, approvals) => describeHook(spec.hook, approvals),
  validate: (spec, ctx) => checkHookStep(spec, ctx),
};
