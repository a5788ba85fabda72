import { z } from 'zod';
import { PLAIN_STEP, StepBase, type StepKindModule } from './step-kind.js';

/** A manual item: done, or skipped with a reason. */
export const CheckStep = z.strictObject({ ...StepBase, kind: z.literal('check') });
export type CheckStep = z.infer<typeof CheckStep>;

export const check: StepKindModule<CheckStep> = {
  ...PLAIN_STEP,
  kind: 'check',
  schema: CheckStep,
  noun: 'a check',
  completion: () => ({ by: 'done' }),
};
