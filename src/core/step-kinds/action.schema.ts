import { z } from 'zod';
import { Identifier, RoleName } from '../schemas/common.js';
import { HookParams, StepBase } from './step-base.schema.js';

/** Fire a hook, after the approvals it needs. */
export const ActionStep = z.strictObject({
  ...StepBase,
  kind: z.literal('action'),
  hook: Identifier,
  params: HookParams.optional(),
  approve: z.array(RoleName).optional(),
});
export type ActionStep = z.infer<typeof ActionStep>;
