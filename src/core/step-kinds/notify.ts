import { z } from 'zod';
import { Identifier, RoleName } from '../schemas/common.js';
import { checkHookStep, checkTemplate, describeHook } from './hook-rules.js';
import { HookParams, PLAIN_STEP, StepBase, type StepKindModule } from './step-kind.js';

/** The communicator records a status update from a template; may fire a hook to send it. */
export const NotifyStep = z.strictObject({
  ...StepBase,
  kind: z.literal('notify'),
  template: z.string().min(1),
  hook: Identifier.optional(),
  params: HookParams.optional(),
  approve: z.array(RoleName).optional(),
});
export type NotifyStep = z.infer<typeof NotifyStep>;

export const notify: StepKindModule<NotifyStep> = {
  ...PLAIN_STEP,
  kind: 'notify',
  schema: NotifyStep,
  noun: 'a notification',
  hookOf: (spec) => spec.hook ?? null,
  paramsOf: (spec) => spec.params ?? {},
  approversOf: (spec) => spec.approve ?? [],
  completion: (spec) => ({ by: 'message', template: spec.template, hook: spec.hook ?? null }),
  messageTemplate: (spec) => spec.template,
  describe: (spec, approvals) => [...describeHook(spec.hook, approvals), `template: ${spec.template}`],
  validate(spec, ctx) {
    checkHookStep(spec, ctx);
    checkTemplate(spec.template, [...ctx.path, 'template'], ctx.report);
  },
};
