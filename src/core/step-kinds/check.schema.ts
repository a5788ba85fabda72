import { z } from 'zod';
import { StepBase } from './step-base.schema.js';

/** A manual item: done, or skipped with a reason. */
export const CheckStep = z.strictObject({ ...StepBase, kind: z.literal('check') });
export type CheckStep = z.infer<typeof CheckStep>;
