import { z } from 'zod';
import { DateText, DurationText, Identifier, RoleName, ScalarParam, Severity } from './common.js';

const StepBase = {
  id: Identifier,
  title: z.string().min(1),
  owner: RoleName,
  instructions: z.string().optional(),
  due: DurationText.optional(),
};

const Params = z.record(z.string(), ScalarParam);

export const CheckStep = z.strictObject({ ...StepBase, kind: z.literal('check') });
export const DecisionOption = z.strictObject({
  id: z.union([Identifier, z.boolean().transform(String)]),
  label: z.string().optional(),
  goto: Identifier.optional(),
});
export const DecisionStep = z.strictObject({
  ...StepBase,
  kind: z.literal('decision'),
  options: z.array(DecisionOption).min(1, 'a decision needs at least one option'),
});
export const ActionStep = z.strictObject({
  ...StepBase,
  kind: z.literal('action'),
  hook: Identifier,
  params: Params.optional(),
  approve: z.array(RoleName).optional(),
});
export const NotifyStep = z.strictObject({
  ...StepBase,
  kind: z.literal('notify'),
  template: z.string().min(1),
  hook: Identifier.optional(),
  params: Params.optional(),
  approve: z.array(RoleName).optional(),
});
export const WaitStep = z.strictObject({
  ...StepBase,
  kind: z.literal('wait'),
  duration: DurationText,
});

export const Step = z.discriminatedUnion('kind', [CheckStep, DecisionStep, ActionStep, NotifyStep, WaitStep]);
export type Step = z.infer<typeof Step>;
export type StepKind = Step['kind'];

export const PlaybookFile = z
  .strictObject({
    id: Identifier,
    version: z
      .string()
      .regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, 'version is semver, e.g. 1.2.0'),
    title: z.string().min(1),
    owner: z.string().optional(),
    description: z.string().optional(),
    review_by: DateText.optional(),
    rehearse_every: DurationText.optional(),
    triggers: z.array(z.strictObject({ id: Identifier, severity: Severity })).default([]),
    roles: z.array(RoleName).optional(),
    steps: z.array(Step).min(1, 'a playbook needs at least one step'),
  })
  .meta({ title: 'aiops playbook', description: 'A versioned escalation playbook' });
export type Playbook = z.infer<typeof PlaybookFile>;
