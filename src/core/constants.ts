/** Values shared by the schemas and the engine, kept free of zod so hot paths stay light. */
export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The four standard roles; a playbook may declare others in its `roles:` list. */
export const STANDARD_ROLES = ['commander', 'model_owner', 'reviewer', 'communicator'] as const;

/** The moments that page someone (config `notify.on`); here, not in the config schema, so paging loads no zod. */
export const PAGE_REASONS = ['opened', 'assigned', 'approval', 'overdue', 'severity'] as const;

/**
 * The largest request body `aiops serve` may be told to take (`--max-body`, `serve.max_body`): 64 MiB.
 * A body is held in memory while it is read, so a typo (99999999999999) must not lift the limit altogether.
 */
export const MAX_BODY_LIMIT = 64 * 1024 * 1024;
