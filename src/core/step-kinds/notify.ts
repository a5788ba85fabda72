import { checkHookStep, checkTemplate, describeHook } from './hook-rules.js';
import type { NotifyStep } from './notify.schema.js';
import { PLAIN_STEP, type StepKindModule } from './step-kind.js';

export const notify: StepKindModule<NotifyStep> = {
  ...PLAIN_STEP,
  kind: 'notify',
  noun: 'a notification',
  hookOf: (spec) => spec.hook ?? null,
  paramsOf: (spec) => spec.params ?? {},
  approversOf: (spec) => spec.approve ?? [],
  completion: (spec) => ({ by: 'message', template: spec.template, hook: spec.hook ?? null }),
  messageTemplate: (spec) => spec.template,
  describe: (spec, approvals) => [...describeHook(spec.hook, approvals), `template: ${spec.template}`],
  validate(spec, ctx) {
    checkHookStep(spec, ctx);
    checkTemplate(spec.template, [...ctx.path, 'template'], ctx.report, { params: Object.keys(spec.params ?? {}) });
  },
};
