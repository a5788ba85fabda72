import type { NewEvent } from '../../events.js';
import type { Holder } from '../../authority.js';
import type { IncidentStatus } from '../../events.js';

export type { Holder };

/** A step's approval as a refusal lists it ("have: commander by alice"). */
export interface GivenApproval {
  role: string;
  person: string;
}

/** What each kind of invalid input carries; the key is the failure `code`. Phrased in src/app/present-failure.ts. */
export interface InvalidData {
  'incident.missing': { command: string };
  'incident.exists': { incident: string };
  'incident.not-drill': { incident: string };
  'role.unknown': { role: string; roles: string[] };
  'person.unusable': { person: string };
  'person.not-in-roster': { person: string; people: string[] };
  'handoff.unheld': { role: string };
  /** `steps` is given where the message lists the playbook's steps. */
  'step.unknown': { step: string; playbook: string; steps?: string[] };
  'step.finished': { step: string; status: 'done' | 'skipped'; by?: string; at?: string };
  'step.already': { step: string; status: string };
  'step.not-finished': { step: string; status: string };
  'step.not-decision': { step: string; kind: string };
  'step.is-decision': { step: string; options: string[] };
  'step.completes-by-hook': { incident: string; step: string; hook: string };
  /** `asked`: the flag that needs a hook (retry, record) on the incident's step; `decision`: the step is chosen, not done. */
  'step.no-hook': { step: string; asked?: 'retry' | 'record'; decision?: boolean; incident?: string };
  'option.unknown': { step: string; option: string | undefined; options: string[] };
  'skip.reason-missing': Record<string, never>;
  'record.note-missing': Record<string, never>;
  'record.nothing-failed': { step: string; hasRun: boolean };
  'hook.not-succeeded': { hook: string; step: string };
  'hook.already-succeeded': { hook: string; step: string };
  /** `hooks` is given where the message lists the defined hooks. */
  'hook.undefined': { hook: string; hooks?: string[] };
  'hook-step.not-requested': { incident: string; step: string; hook: string };
  'approval.not-needed': { step: string };
  'approval.complete': { step: string };
  /** The step's hook cannot run as it would be approved (a NUL byte, a missing value): approving it would pin nothing runnable. */
  'approval.hook-blocked': { incident: string; step: string; hook: string | null; reason: string };
  'override.reason-missing': Record<string, never>;
  'override.nothing-missing': { step: string };
  'deny.reason-missing': Record<string, never>;
  'run.unknown': { run: string; incident: string };
  /** A run given by a number or step that fits more than one run. */
  'run.ambiguous': { ref: string; candidates: { run: string; hook: string; step: string | null; outcome: string }[] };
  'run.has-outcome': { run: string; ok: boolean };
  'outcome.note-missing': Record<string, never>;
  'undo.not-succeeded': { run: string; hook: string };
  'undo.mismatch': { hook: string; undo: string | null; requested: string };
  'note.empty': Record<string, never>;
  /** note --context: `key` would reach hooks as the same AIOPS_CONTEXT_ variable as the incident's `other`. */
  'context.clash': { key: string; other: string; variable: string };
  'debrief.empty': Record<string, never>;
  'severity.reason-missing': Record<string, never>;
  'severity.unchanged': { incident: string; severity: string };
  'edit.reason-missing': Record<string, never>;
  /** `given`: the fields the edit named (none: it named neither). */
  'edit.unchanged': { incident: string; given: ('title' | 'service')[] };
  'edit.value-invalid': { field: 'title' | 'service'; problem: 'empty' | 'controls' };
  'ack.nothing': { incident: string; held?: { policy: string; role: string }[]; withdrawn?: { policy: string; reason: string }[] };
  'ack.unknown-page': { incident: string; page: string; known: string[] };
  'status.unchanged': { incident: string; status: IncidentStatus };
  'close.summary-missing': Record<string, never>;
  'reopen.reason-missing': Record<string, never>;
  'duplicate.target-missing': Record<string, never>;
  'duplicate.self': { incident: string };
  'duplicate.of-duplicate': { incident: string; target: string; original: string | null };
  'drill.already-ended': { incident: string; at: string; score: number | null };
  'drill.not-ended': { incident: string };
  'impact.empty': Record<string, never>;
  'review.empty': Record<string, never>;
  'action.text-missing': Record<string, never>;
  'action.owner-missing': Record<string, never>;
  'action.due-invalid': { due: string };
  /** `now`: due this very moment (`0d`), not before it. */
  'action.due-past': { due: string; at: string; now?: true };
  /** Due further off than the longest duration (3650d): a typo. */
  'action.due-far': { due: string; at: string; maxDays: number };
  'action.unknown': { incident: string; action: string; actions: string[] };
  'action.already-closed': { action: string; by: string; at: string };
  'judge.reason-missing': { expectation: string; met: boolean; by: string; at: string };
  /** `since`: drill time. */
  'drill.already-paused': { incident: string; since: string };
  'drill.not-paused': { incident: string };
}

/**
 * What each policy refusal carries; the key is the refusal `rule` (logged in policy.refused).
 * Where one rule guards several commands, the refusal's `command` says which, and the data differs.
 */
export interface RefusalData {
  'incident.closed': { incident: string; status?: string };
  'authority.assign': { allowed: string[]; verb: 'assign' | 'handoff'; holders: Holder[]; actor: string; held: string[] };
  'authority.severity': { allowed: string[]; holders: Holder[] };
  'authority.status': { allowed: string[]; holders: Holder[] };
  'authority.close': { allowed: string[]; holders: Holder[] };
  'status.transition': { from: IncidentStatus; to: IncidentStatus; allowed: IncidentStatus[] };
  /** step: the owner and commander holders; fire: the owner only; request: the actor holds no role. */
  'step.owner':
    | { step: string; owner: string; holders: Holder[]; actor: string; held: string[] }
    | { step: string; owner: string; actor: string }
    | { incident: string; actor: string };
  /** step (recorded by hand): the roles missing; fire: also the hook and the approvals already given. */
  'approval.missing': { step: string; missing: string[] } | { step: string; missing: string[]; hook: string; have: GivenApproval[] };
  /** approve: the message says how to re-request; fire: it does not. */
  'approval.denied': { incident: string; step: string; by: string; reason: string };
  /** approve: the missing roles and their holders; deny: the roles that may deny. */
  'approval.role': { step: string; missing: string[]; holders: Holder[]; actor: string; held: string[] } | { step: string; roles: string[]; actor: string; held: string[] };
  'approval.two-person': { actor: string; step: string; role: string; missing: string[] };
  'override.commander': { holders: Holder[] };
  /** edit: the title and service are changed by the commander only. */
  'edit.commander': { holders: Holder[] };
  /** fire and request phrase it each their own way. */
  'hook.outcome-unknown': { incident: string; hook: string; run: string; startedAt: string };
  'hook.once-per-approval': { hook: string; step: string };
  /** approve and fire: the step is off the path the decisions took; nothing of it may run. */
  'step.bypassed': { incident: string; step: string; hook: string | null };
  /** Not decided in core: the app knows when the run's aiops process is still alive. */
  'hook.running': { hook: string; run: string; by: string; at: string; pid: number };
  /** fire: a severity policy holds the step until a holder of `role` runs `aiops ack`. */
  'policy.held': { incident: string; step: string; hook: string; policy: string; role: string; holder: string | null };
  /** fire: what would run now differs from the argv approved; the approvals lapsed (approval.lapsed is logged). */
  'approval.lapsed': { incident: string; step: string; hook: string; changes: string[] };
  /** note --context: template values change what hooks run, so only responders may set them. */
  'context.role': { incident: string; actor: string };
  /** hook record: the step owner, an approver of the step, or the commander. */
  'record.role': { run: string; hook: string; owner: string | null; actor: string };
  /** impact, review, action add and close: the postmortem is written by the incident's responders. */
  'postmortem.role': { incident: string; actor: string; command: string; responders?: Holder[] };
  /** judge, pause, resume and ending a drill early: the drill's facilitator only. */
  'drill.facilitator': { incident: string; facilitator: string; actor: string; what: string };
}

export type InvalidCode = keyof InvalidData;
export type RefusalRule = keyof RefusalData;

/** Bad input: nothing is written. */
export type Invalid = { [C in InvalidCode]: { ok: false; kind: 'invalid'; code: C; data: InvalidData[C] } }[InvalidCode];

/**
 * A policy refusal: logged as policy.refused by `command` with `args`; `role` is the first role
 * the refused actor holds (the event's role).
 */
export type Refused = {
  [R in RefusalRule]: {
    ok: false;
    kind: 'refused';
    rule: R;
    command: string;
    args: Record<string, unknown>;
    role: string | null;
    data: RefusalData[R];
    /** Facts the refusal itself established, logged before its policy.refused (approval.lapsed). */
    events?: NewEvent[];
  };
}[RefusalRule];

export type Failure = Invalid | Refused;

const INVALID_CODE_SET: Record<InvalidCode, true> = {
  'incident.missing': true,
  'incident.exists': true,
  'incident.not-drill': true,
  'judge.reason-missing': true,
  'drill.already-paused': true,
  'drill.not-paused': true,
  'role.unknown': true,
  'person.unusable': true,
  'person.not-in-roster': true,
  'handoff.unheld': true,
  'step.unknown': true,
  'step.finished': true,
  'step.already': true,
  'step.not-finished': true,
  'step.not-decision': true,
  'step.is-decision': true,
  'step.completes-by-hook': true,
  'step.no-hook': true,
  'option.unknown': true,
  'skip.reason-missing': true,
  'record.note-missing': true,
  'record.nothing-failed': true,
  'hook.not-succeeded': true,
  'hook.already-succeeded': true,
  'hook.undefined': true,
  'hook-step.not-requested': true,
  'approval.not-needed': true,
  'approval.complete': true,
  'approval.hook-blocked': true,
  'override.reason-missing': true,
  'override.nothing-missing': true,
  'deny.reason-missing': true,
  'run.unknown': true,
  'run.ambiguous': true,
  'run.has-outcome': true,
  'outcome.note-missing': true,
  'undo.not-succeeded': true,
  'undo.mismatch': true,
  'note.empty': true,
  'context.clash': true,
  'debrief.empty': true,
  'severity.reason-missing': true,
  'severity.unchanged': true,
  'edit.reason-missing': true,
  'edit.unchanged': true,
  'edit.value-invalid': true,
  'ack.nothing': true,
  'ack.unknown-page': true,
  'status.unchanged': true,
  'close.summary-missing': true,
  'reopen.reason-missing': true,
  'duplicate.target-missing': true,
  'duplicate.self': true,
  'duplicate.of-duplicate': true,
  'drill.already-ended': true,
  'drill.not-ended': true,
  'impact.empty': true,
  'review.empty': true,
  'action.text-missing': true,
  'action.owner-missing': true,
  'action.due-invalid': true,
  'action.due-past': true,
  'action.due-far': true,
  'action.unknown': true,
  'action.already-closed': true,
};

const REFUSAL_RULE_SET: Record<RefusalRule, true> = {
  'incident.closed': true,
  'authority.assign': true,
  'authority.severity': true,
  'authority.status': true,
  'authority.close': true,
  'status.transition': true,
  'step.owner': true,
  'approval.missing': true,
  'approval.denied': true,
  'approval.role': true,
  'approval.two-person': true,
  'override.commander': true,
  'edit.commander': true,
  'hook.outcome-unknown': true,
  'hook.once-per-approval': true,
  'step.bypassed': true,
  'hook.running': true,
  'approval.lapsed': true,
  'policy.held': true,
  'context.role': true,
  'record.role': true,
  'postmortem.role': true,
  'drill.facilitator': true,
};

/** Every invalid-input code, for presenters and their completeness test. */
export const INVALID_CODES = Object.keys(INVALID_CODE_SET) as InvalidCode[];
/** Every refusal rule, for presenters and their completeness test. */
export const REFUSAL_RULES = Object.keys(REFUSAL_RULE_SET) as RefusalRule[];
