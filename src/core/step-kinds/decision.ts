import { z } from 'zod';
import { Identifier } from '../schemas/common.js';
import { PLAIN_STEP, StepBase, type StepKindModule } from './step-kind.js';

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

export const decision: StepKindModule<DecisionStep> = {
  ...PLAIN_STEP,
  kind: 'decision',
  schema: DecisionStep,
  noun: 'a decision',
  exits: (spec) => spec.options.map((o) => o.goto ?? null),
  gotoAfter: (spec, option) => spec.options.find((o) => String(o.id) === option)?.goto,
  completion: (spec) => ({ by: 'option', options: spec.options.map((o) => String(o.id)) }),
  options: (spec) => spec.options.map((o) => ({ ...o, id: String(o.id) })),
  describe: (spec) => spec.options.map((o) => `option ${o.id}${o.goto ? ` → ${o.goto}` : ''}${o.label ? `: ${o.label}` : ''}`),
  validate(spec, { path, stepIds, report }) {
    spec.options.forEach((opt, j) => {
      if (opt.goto !== undefined && !stepIds.has(opt.goto)) report([...path, 'options', j, 'goto'], `goto target "${opt.goto}" is not a step of this playbook`);
    });
    const seen = new Set<string>();
    spec.options.forEach((opt, j) => {
      if (seen.has(String(opt.id))) report([...path, 'options', j, 'id'], `duplicate option id "${opt.id}"`);
      seen.add(String(opt.id));
    });
  },
};
