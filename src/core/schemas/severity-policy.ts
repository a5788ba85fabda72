import { z } from 'zod';
import { Identifier, RoleName, ScalarParam, Severity } from './common.js';

/** A hook a severity policy runs, with its params (templates such as "{{incident.service}}" are filled when the policy fires). */
export const PolicyHook = z.strictObject({
  hook: Identifier,
  params: z.record(z.string(), ScalarParam).optional(),
});
export type PolicyHook = z.infer<typeof PolicyHook>;

const policyFields = {
  id: Identifier,
  description: z.string().optional(),
  /** Fires once per incident, when it opens at this severity or a more severe one, or is raised to it. */
  at: Severity,
  hooks: z.array(PolicyHook).optional(),
  /**
   * `usual` (the default): each hook waits for the approvals it always needs; `policy`: pre-approved by this
   * policy, the approval logged with the policy id instead of a person.
   */
  approval: z.enum(['usual', 'policy']).optional(),
  /** Held: nothing the policy lists fires until a person holding this role runs `aiops ack ID`. */
  hold_until_ack: RoleName.optional(),
};

const hasWork = (p: { hooks?: unknown[]; steps?: unknown[] }) => (p.hooks?.length ?? 0) + (p.steps?.length ?? 0) > 0;

/** A severity policy in aiops.yaml: for every incident (or one service's, or one trigger's), hooks to run on reaching `at`. */
export const ConfigSeverityPolicy = z
  .strictObject({
    ...policyFields,
    service: z.string().min(1).optional(),
    trigger: Identifier.optional(),
  })
  .refine(hasWork, { message: 'a severity policy lists at least one hook to run (hooks:)', path: ['hooks'] })
  .meta({ description: 'On reaching a severity: run hooks, under the usual approvals or pre-approved by the policy, optionally held until a role acknowledges' });
export type ConfigSeverityPolicy = z.infer<typeof ConfigSeverityPolicy>;

/** A severity policy in a playbook: its own steps (action or notify, with a hook) and hooks to run on reaching `at`. */
export const PlaybookSeverityPolicy = z
  .strictObject({
    ...policyFields,
    /** Steps of this playbook whose hooks run at once, out of the playbook's order. */
    steps: z.array(Identifier).optional(),
  })
  .refine(hasWork, { message: 'a severity policy lists at least one step or hook to run (steps:, hooks:)', path: ['steps'] })
  .meta({ description: 'On reaching a severity: run these steps and hooks, under the usual approvals or pre-approved by the policy, optionally held until a role acknowledges' });
export type PlaybookSeverityPolicy = z.infer<typeof PlaybookSeverityPolicy>;
