import { z } from 'zod';
import { DurationText } from '../schemas/common.js';
import { PLAIN_STEP, StepBase, type StepKindModule } from './step-kind.js';

/** A timed watch ("monitor error rate for 10m"), counted from when the step before it finished. */
export const WaitStep = z.strictObject({
  ...StepBase,
  kind: z.literal('wait'),
  duration: DurationText,
});
export type WaitStep = z.infer<typeof WaitStep>;

export const wait: StepKindModule<WaitStep> = {
  ...PLAIN_STEP,
  kind: 'wait',
  schema: WaitStep,
  noun: 'a wait',
  completion: (spec) => ({ by: 'timer', duration: spec.duration }),
  waitDuration: (spec) => spec.duration,
  describe: (spec) => [`wait ${spec.duration}`],
};
