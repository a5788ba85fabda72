import type { CheckStep } from './check.schema.js';
import { PLAIN_STEP, type StepKindModule } from './step-kind.js';

export const check: StepKindModule<CheckStep> = {
  ...PLAIN_STEP,
  kind: 'check',
  noun: 'a check',
  completion: () => ({ by: 'done' }),
};
