import { z } from 'zod';
import { TimerDurationText, Identifier, RoleName, ScalarParam } from '../schemas/common.js';

/** The fields every step has, whatever its kind. */
export const StepBase = {
  id: Identifier,
  title: z.string().min(1),
  owner: RoleName,
  instructions: z.string().optional(),
  due: TimerDurationText.optional(),
};

/** Literal params handed to a step's hook (`params: {tenant: ...}`). */
export const HookParams = z.record(z.string(), ScalarParam);
export type HookParams = z.infer<typeof HookParams>;
