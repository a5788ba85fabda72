import type { DecisionStep } from './decision.schema.js';
import { PLAIN_STEP, type StepKindModule } from './step-kind.js';

export const decision: StepKindModule<DecisionStep> = {
  ...PLAIN_STEP,
  kind: 'decision',
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
