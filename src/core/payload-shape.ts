import { type EventPayloads, type EventType, STATUSES, type StoredEvent } from './events.js';
import { isSha256Hex } from './hash-chain.js';
import { type Check, boolean, int, isObject, nullable, number, oneOf, optional, shape, text, texts, textMap } from './value-checks.js';

/** An attachment reference, as every log adapter's putAttachment returns it. */
const attachment = shape({ sha256: isSha256Hex, name: text, size: (v) => Number.isInteger(v) && (v as number) >= 0 });
/** Live versions (model, prompt, …): names to texts. */
const versions = textMap;
/** An inventory pinned at an opening or an edit: what was live, and the changes before it. */
const snapshot = shape({
  service: text,
  live: versions,
  previous: versions,
  recent: (v) => Array.isArray(v) && v.every(shape({ ts: text, actor: text, set: versions, previous: versions, reason: text })),
});

/**
 * The payload fields each event's timeline sentence, the export's figures, the report's figures and
 * the drill history (drill list, drill report, playbook list) are made of, and what each must hold. A log aiops wrote always has them so; a payload edited by hand into another
 * shape (a field gone, a number or an object where a name was) is shown as it is stored and counts
 * for nothing, beside the export's FAILED VERIFICATION line, instead of reading "undefined
 * assigned undefined" or putting an object where the JSON export's schema promises a string. The
 * compiler holds each name to the event's payload type.
 */
const SHAPES: { readonly [T in EventType]: { readonly [K in keyof EventPayloads[T]]?: Check } } = {
  'incident.opened': {
    title: text,
    service: text,
    severity: text,
    trigger: optional(text),
    playbook: shape({ id: text, version: text, sha256: text }),
    selection: shape({ reason: text }),
    context: textMap,
    drill: optional(shape({ scenario: text, title: text })),
    alert: optional(shape({ format: text, attachment })),
    inventory: optional(snapshot),
  },
  'alert.received': { format: text, status: text, attachment, firing: int, source: optional(text), kept: optional(int) },
  'role.assigned': { role: text, person: text, previous: optional(text), handoff: boolean, source: oneOf(['manual', 'oncall', 'starter', 'owner']), warning: optional(text) },
  'step.completed': {
    step: text,
    option: optional(text),
    goto: optional(text),
    note: optional(text),
    text: optional(text),
    byHand: optional(shape({ hook: text, run: text })),
    endedEarlyBy: optional(text),
  },
  'step.skipped': { step: text, reason: optional(text) },
  'step.reopened': { step: text, was: text, reason: optional(text) },
  'step.overdue': { step: text, due: text },
  'approval.requested': { step: text, hook: optional(text), roles: texts },
  'approval.granted': {
    step: text,
    hook: optional(text),
    role: text,
    note: optional(text),
    policy: optional(text),
    argv: optional(texts),
    command: optional(texts),
    override: optional(shape({ reason: text, missing: texts })),
    inventory: optional(versions),
  },
  'approval.denied': { step: text, hook: optional(text), role: optional(text), reason: optional(text) },
  'approval.lapsed': { step: text, changes: texts },
  'hook.started': { run: text, hook: text, step: nullable(text), undoOf: optional(text), argv: texts },
  'hook.finished': {
    run: text,
    hook: text,
    step: nullable(text),
    undoOf: optional(text),
    ok: boolean,
    exitCode: nullable(int),
    signal: nullable(text),
    timedOut: boolean,
    durationMs: int,
    stdout: text,
    stderr: text,
    error: optional(text),
  },
  'hook.simulated': { run: text, hook: text, step: nullable(text), undoOf: optional(text), argv: texts },
  'hook.outcome_recorded': { run: text, hook: text, step: nullable(text), ok: boolean, note: text },
  'note.added': { text, attachments: (v) => Array.isArray(v) && v.every(attachment), context: optional(textMap) },
  'severity.changed': { from: text, to: text, reason: text },
  'incident.edited': { title: optional(text), service: optional(text), reason: optional(text), inventory: optional(snapshot) },
  'status.changed': { from: oneOf(STATUSES), to: oneOf(STATUSES), reason: optional(text), summary: optional(text), duplicateOf: optional(text) },
  'policy.refused': { rule: text, command: text, message: optional(text) },
  'drill.inject': { inject: text, kind: text, summary: text, source: optional(text), detail: optional(text) },
  'drill.judged': { expectation: text, met: boolean, note: optional(text), reason: optional(text) },
  'drill.paused': { reason: optional(text) },
  'drill.resumed': {},
  'drill.debrief': { text },
  'drill.ended': {
    score: number,
    early: boolean,
    // Drill list and report read each row's id and outcome (the trend of what keeps being missed).
    results: (v) => Array.isArray(v) && v.every(shape({ id: text, outcome: text })),
    playedMs: optional(int),
    scenarioMs: optional(int),
  },
  'inventory.changed': { service: text, reason: optional(text) },
  'impact.recorded': { text: optional(text), affected: optional(text), duration: optional(text) },
  'review.recorded': { cause: optional(text), factors: texts, wentWell: texts, wentBadly: texts },
  'action.added': { action: text, text, owner: text, due: text },
  'action.closed': { action: text, note: optional(text) },
  'page.sent': { page: text, to: text, reason: text, message: text, attempt: int, escalatedFrom: optional(text) },
  'page.failed': { page: text, to: text, error: text, attempt: int },
  'page.acked': { pages: texts },
  'policy.triggered': { policy: text, source: text, severity: text, hold: optional(text), items: (v) => Array.isArray(v) && v.every(shape({ step: text })) },
  'policy.acknowledged': { policies: texts },
  'policy.withdrawn': { policy: text, reason: text, items: texts },
};

/** Each type's checks as [field, check] pairs, made once. */
const COMPILED = new Map<string, [string, Check][]>(Object.entries(SHAPES).map(([type, fields]) => [type, Object.entries(fields as Record<string, Check>)]));

/**
 * Whether the export can read this event as aiops writes it: its payload an object whose fields
 * the export uses hold what they should. An event type aiops does not know passes (it is shown by name).
 */
export function readablePayload(e: StoredEvent): boolean {
  const p = e.payload as unknown;
  if (!isObject(p)) return false;
  const fields = COMPILED.get(e.type);
  if (!fields) return true;
  for (let i = 0; i < fields.length; i++) {
    const [name, ok] = fields[i]!;
    if (!ok(p[name])) return false;
  }
  return true;
}
