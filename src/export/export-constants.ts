// The export's constants, apart from its zod schema (export-document.ts) so that exporting loads no zod.

export const EXPORT_FORMAT = 'aiops.incident-export';
export const EXPORT_VERSION = 2;

/** What a timeline entry is about, for filtering. */
export const TIMELINE_KINDS = [
  'opened',
  'role',
  'step',
  'decision',
  'approval',
  'denial',
  'override',
  'hook',
  'note',
  'severity',
  'status',
  'refusal',
  'inject',
  'drill',
  'postmortem',
  /** An event whose payload is not in any shape aiops writes (tampered): shown as stored. */
  'unreadable',
] as const;
