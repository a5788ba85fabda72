import { z } from 'zod';
import { DateText, DurationText, Identifier, RoleName, Severity } from './common.js';
import { ActionStep } from '../step-kinds/action.schema.js';
import { CheckStep } from '../step-kinds/check.schema.js';
import { DecisionOption, DecisionStep } from '../step-kinds/decision.schema.js';
import { NotifyStep } from '../step-kinds/notify.schema.js';
import { WaitStep } from '../step-kinds/wait.schema.js';
import { PlaybookSeverityPolicy } from './severity-policy.js';

// Each kind's schema lives with the rest of that kind, in src/core/step-kinds/.
export { ActionStep, CheckStep, DecisionOption, DecisionStep, NotifyStep, WaitStep };

export const Step = z.discriminatedUnion('kind', [CheckStep, DecisionStep, ActionStep, NotifyStep, WaitStep]);
export type Step = z.infer<typeof Step>;
export type StepKind = Step['kind'];

export const PlaybookFile = z
  .strictObject({
    id: Identifier,
    version: z
      .string()
      .regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, 'version is semver, e.g. 1.2.0'),
    title: z.string().min(1),
    owner: z.string().optional(),
    description: z.string().optional(),
    review_by: DateText.optional(),
    rehearse_every: DurationText.optional(),
    triggers: z.array(z.strictObject({ id: Identifier, severity: Severity })).default([]),
    roles: z.array(RoleName).optional(),
    steps: z.array(Step).min(1, 'a playbook needs at least one step'),
    /** What reaching a severity sets off in this playbook's incidents (issue 19), beside aiops.yaml's. */
    severity_policies: z.array(PlaybookSeverityPolicy).optional(),
  })
  .meta({ title: 'aiops playbook', description: 'A versioned escalation playbook' });
export type Playbook = z.infer<typeof PlaybookFile>;
