import { PLAIN_STEP, type StepKindModule } from './step-kind.js';
import type { WaitStep } from './wait.schema.js';

export const wait: StepKindModule<WaitStep> = {
  ...PLAIN_STEP,
  kind: 'wait',
  noun: 'a wait',
  completion: (spec) => ({ by: 'timer', duration: spec.duration }),
  waitDuration: (spec) => spec.duration,
  describe: (spec) => [`wait ${spec.duration}`],
};
