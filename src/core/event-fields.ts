import type { EventPayloads, EventType } from './events.js';

type FieldLists = { readonly [T in EventType]: readonly (keyof EventPayloads[T] & string)[] };

/**
 * The payload fields of each event type, the one list scenario `match:` keys are checked
 * against and the README's table is made from. The compiler holds it to the payload types.
 */
export const EVENT_FIELDS = {
  'incident.opened': ['title', 'service', 'severity', 'trigger', 'playbook', 'playbookContent', 'approvals', 'context', 'selection', 'drill', 'scenarioContent', 'alert', 'inventory', 'owners', 'policies', 'authority', 'logins'],
  'alert.received': ['format', 'source', 'attachment', 'key', 'status', 'eventType', 'firing', 'alerts', 'resolvedAt', 'kept'],
  'role.assigned': ['role', 'person', 'previous', 'handoff', 'source', 'warning'],
  'step.completed': ['step', 'option', 'goto', 'note', 'text', 'byHand', 'endedEarlyBy'],
  'step.skipped': ['step', 'reason'],
  'step.reopened': ['step', 'reason', 'was'],
  'step.overdue': ['step', 'due', 'dueAt'],
  'approval.requested': ['step', 'hook', 'roles', 'argv', 'params', 'undoOf'],
  'approval.granted': ['step', 'hook', 'role', 'argv', 'command', 'playbook', 'context', 'note', 'override', 'inventory', 'policy'],
  'approval.denied': ['step', 'hook', 'role', 'reason'],
  'approval.lapsed': ['step', 'hook', 'approved', 'now', 'changes'],
  'hook.started': ['run', 'hook', 'step', 'argv', 'env', 'cwd', 'retry', 'undoOf', 'runner', 'simulated'],
  'hook.finished': ['run', 'hook', 'step', 'undoOf', 'ok', 'exitCode', 'signal', 'timedOut', 'durationMs', 'stdout', 'stderr', 'stdoutCut', 'stderrCut', 'error'],
  'hook.simulated': ['run', 'hook', 'step', 'argv', 'undoOf'],
  'hook.outcome_recorded': ['run', 'hook', 'step', 'ok', 'note'],
  'note.added': ['text', 'attachments', 'context'],
  'severity.changed': ['from', 'to', 'reason'],
  'status.changed': ['from', 'to', 'reason', 'summary', 'duplicateOf'],
  'policy.refused': ['rule', 'command', 'message', 'args'],
  'drill.inject': ['inject', 'kind', 'source', 'summary', 'detail', 'at', 'fail'],
  'drill.judged': ['expectation', 'met', 'note', 'reason'],
  'drill.paused': ['real', 'reason'],
  'drill.resumed': ['real'],
  'drill.debrief': ['text'],
  'drill.ended': ['score', 'early', 'results', 'playedMs', 'scenarioMs'],
  'inventory.changed': ['service', 'set', 'previous', 'reason'],
  'impact.recorded': ['text', 'affected', 'duration'],
  'review.recorded': ['cause', 'factors', 'wentWell', 'wentBadly'],
  'action.added': ['action', 'text', 'owner', 'due'],
  'action.closed': ['action', 'note'],
  'page.sent': ['page', 'key', 'to', 'contact', 'reason', 'message', 'attempt', 'escalatedFrom', 'exitCode'],
  'page.failed': ['page', 'key', 'to', 'contact', 'reason', 'message', 'attempt', 'escalatedFrom', 'error'],
  'page.acked': ['pages'],
  'policy.triggered': ['policy', 'source', 'at', 'severity', 'items', 'approval', 'hold'],
  'policy.acknowledged': ['policies'],
  'policy.withdrawn': ['policy', 'items', 'severity', 'reason'],
  'incident.edited': ['title', 'service', 'previous', 'reason', 'inventory'],
} as const satisfies FieldLists;

// Every payload field is listed: a field added to an event without its name here does not compile.
type Unlisted = { [T in EventType]: Exclude<keyof EventPayloads[T] & string, (typeof EVENT_FIELDS)[T][number]> }[EventType];
const everyFieldListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyFieldListed;

/** Keys a `match:` may use besides the payload's: the event's actor and role; a hook.finished also matches a simulated run. */
export const EVENT_MATCH_EXTRAS = ['actor', 'role'] as const;

/** The keys a scenario expectation on `type` may match. */
export function matchKeysOf(type: EventType): string[] {
  const extra = type === 'hook.finished' ? ['simulated'] : [];
  return [...new Set<string>([...EVENT_FIELDS[type], ...extra, ...EVENT_MATCH_EXTRAS])];
}

/** The README's table of event types and their fields, made from EVENT_FIELDS. */
export function eventFieldsTable(): string {
  const rows = (Object.keys(EVENT_FIELDS) as EventType[]).map((t) => `| \`${t}\` | ${EVENT_FIELDS[t].map((f) => `\`${f}\``).join(', ')} |`);
  return ['| event | payload fields |', '|---|---|', ...rows].join('\n');
}
