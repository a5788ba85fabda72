import { z } from 'zod';
import { Identifier } from '../schemas/common.js';
import { StepBase } from './step-base.schema.js';

export const DecisionOption = z.strictObject({
  id: z.union([Identifier, z.boolean().transform(String)]),
  label: z.string().optional(),
  goto: Identifier.optional(),
});

/** Pick one of named options; an option may jump to a step. */
export const DecisionStep = z.strictObject({
  ...StepBase,
  kind: z.literal('decision'),
  options: z.array(DecisionOption).min(1, 'a decision needs at least one option'),
});
export type DecisionStep = z.infer<typeof DecisionStep>;
