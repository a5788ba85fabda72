import { z } from 'zod';
import { TimerDurationText } from '../schemas/common.js';
import { StepBase } from './step-base.schema.js';

/** A timed watch ("monitor error rate for 10m"), counted from when the step before it finished. */
export const WaitStep = z.strictObject({
  ...StepBase,
  kind: z.literal('wait'),
  duration: TimerDurationText,
});
export type WaitStep = z.infer<typeof WaitStep>;
