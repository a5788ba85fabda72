/** Values shared by the schemas and the engine, kept free of zod so hot paths stay light. */
export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The four standard roles; a playbook may declare others in its `roles:` list. */
export const STANDARD_ROLES = ['commander', 'model_owner', 'reviewer', 'communicator'] as const;

/** The moments that page someone (config `notify.on`); here, not in the config schema, so paging loads no zod. */
export const PAGE_REASONS = ['opened', 'assigned', 'approval', 'overdue', 'severity'] as const;
