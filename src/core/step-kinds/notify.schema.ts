import { z } from 'zod';
import { Identifier, RoleName } from '../schemas/common.js';
import { HookParams, StepBase } from './step-base.schema.js';

/** The communicator records a status update from a template; may fire a hook to send it. */
export const NotifyStep = z.strictObject({
  ...StepBase,
  kind: z.literal('notify'),
  template: z.string().min(1),
  hook: Identifier.optional(),
  params: HookParams.optional(),
  approve: z.array(RoleName).optional(),
});
export type NotifyStep = z.infer<typeof NotifyStep>;
