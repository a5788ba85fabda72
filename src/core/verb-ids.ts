/** The fixed vocabulary of user verbs, shared by the CLI, the TUI, drill scripts and the recorder. */
export const VERB_IDS = [
  'assign',
  'handoff',
  'step.done',
  'step.skip',
  'step.choose',
  'approve',
  'deny',
  'request',
  'override',
  'note',
  'severity',
  'status',
  'close',
  'hook.run',
  'hook.undo',
  'hook.record',
  'hook.retry',
  'drill.judge',
  'drill.end',
  'drill.debrief',
] as const;
export type VerbId = (typeof VERB_IDS)[number];
