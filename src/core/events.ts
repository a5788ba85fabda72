import type { Authority } from './schemas/config.js';
import type { Playbook } from './schemas/playbook.js';
import type { DrillFailure, Scenario } from './schemas/scenario.js';
import type { Severity } from './constants.js';
import type { AlertFormat, AlertItem, AlertStatus } from './alerts.js';
import type { InventorySnapshot, Versions } from './inventory.js';
import type { PinnedPolicy } from './severity-policy.js';

/** The pin that proves which playbook text an incident followed. */
export interface PlaybookPin {
  id: string;
  version: string;
  sha256: string;
}

export type IncidentStatus = 'open' | 'mitigated' | 'resolved' | 'closed' | 'cancelled' | 'duplicate';
export const STATUSES: IncidentStatus[] = ['open', 'mitigated', 'resolved', 'closed', 'cancelled', 'duplicate'];
/**
 * The statuses an incident ends in: only notes, postmortem fields and reopening are left.
 * `cancelled` (no incident after all) and `duplicate` (of another) are counted in no metric.
 */
export const ENDED_STATUSES: readonly IncidentStatus[] = ['closed', 'cancelled', 'duplicate'];
export const isEnded = (status: IncidentStatus): boolean => ENDED_STATUSES.includes(status);
/** The statuses that leave an incident out of report metrics. */
export const UNCOUNTED_STATUSES: readonly IncidentStatus[] = ['cancelled', 'duplicate'];

export interface AttachmentRef {
  sha256: string;
  name: string;
  size: number;
}

/** The alert an incident was opened from: its raw payload and (since issue 16) its group key and alerts. */
export interface OpenedAlert {
  format: AlertFormat;
  source?: string;
  attachment: AttachmentRef;
  key?: string | null;
  status?: AlertStatus;
  firing?: number;
  alerts?: AlertItem[];
  /** How the severity was chosen from the alert, when a mapping read it. */
  severity?: string;
}

/** Payload of every event type; the key is the event `type`. */
export interface EventPayloads {
  'incident.opened': {
    title: string;
    service: string;
    severity: Severity;
    trigger: string | null;
    playbook: PlaybookPin;
    /** The pinned playbook itself, so later edits to the file change nothing for this incident. */
    playbookContent: Playbook;
    /** Roles each hook step needs, resolved at start from the step and the hook's floor in aiops.yaml. */
    approvals: Record<string, string[]>;
    context: Record<string, string>;
    /** Why this playbook and severity were chosen (trigger match, explicit, alert). */
    selection: { reason: string; candidates?: string[] };
    /** `facilitator`: who runs the drill (judges, pauses, ends); the starter unless `--facilitator` named another. */
    drill?: { scenario: string; title: string; speed?: number; auto?: boolean; facilitator?: string };
    /** The scenario a drill plays, pinned like the playbook so later edits change nothing for this run. */
    scenarioContent?: Scenario;
    alert?: OpenedAlert;
    /** The service's version inventory when the incident opened (issue 19), absent when none was set. */
    inventory?: InventorySnapshot;
    /** The service's owners from the roster at start (issue 19). */
    owners?: { business?: string; technical?: string };
    /** The severity policies this incident answers to (issue 19), pinned from aiops.yaml and the playbook; absent when none. */
    policies?: PinnedPolicy[];
    /**
     * Which roles may change severity and status, close, and assign in this incident: aiops.yaml's
     * `authority:` with the defaults filled in, pinned like the approvals (absent in older logs,
     * whose incidents follow aiops.yaml as it is).
     */
    authority?: Required<Authority>;
    /**
     * On a PostgreSQL log: which database login is which person, from the opener's roster. Every
     * host then reads who a login is here from the incident, not from its own roster.yaml.
     */
    logins?: { login: string; person: string }[];
  };
  /** A notification for an open incident's alert: a repeat, a change, or the source saying it resolved. */
  'alert.received': {
    format: AlertFormat;
    source?: string;
    attachment: AttachmentRef;
    key: string | null;
    status: AlertStatus;
    eventType?: string | null;
    /** How many alerts of the group are firing now. */
    firing: number;
    /** The group's alerts now: this notification's, each taken unless the source said something newer (settleAlerts). */
    alerts: AlertItem[];
    /** When the source says it resolved (its endsAt or event time), if it does. */
    resolvedAt?: string | null;
    /** Alerts whose status this notification contradicts but did not change: a late delivery, or no re-trigger. */
    kept?: number;
  };
  'role.assigned': {
    role: string;
    person: string;
    previous: string | null;
    handoff: boolean;
    source: 'manual' | 'oncall' | 'starter' | 'owner';
    warning?: string;
  };
  'step.completed': {
    step: string;
    option?: string;
    goto?: string;
    note?: string;
    text?: string;
    /** Recorded done by hand after the step's hook failed (or its outcome was unknown): that hook and its last run. */
    byHand?: { hook: string; run: string };
    /** A wait step ended before its time was up: by how much (`9m59s`). */
    endedEarlyBy?: string;
  };
  'step.skipped': { step: string; reason: string };
  /** A done or skipped step is open again (`incident step --reopen`): `was` is what it had been; its approvals start afresh. */
  'step.reopened': { step: string; reason: string; was: 'done' | 'skipped' };
  'step.overdue': { step: string; due: string; dueAt: string };
  'approval.requested': {
    step: string;
    hook: string | null;
    roles: string[];
    argv?: string[];
    /** Pseudo-steps `hook:NAME`: the literal params this round runs with, and the run it undoes. */
    params?: Record<string, string>;
    undoOf?: string;
  };
  'approval.granted': {
    step: string;
    hook: string | null;
    role: string;
    /** The argv as the approver's host resolved it: what they were shown would run there. */
    argv?: string[];
    /** What the approval pins: the command as aiops.yaml gives it, templates filled (`./hooks/x.sh` stays project-relative). */
    command?: string[];
    playbook: PlaybookPin;
    context: Record<string, string>;
    note?: string;
    override?: { reason: string; missing: string[] };
    /** The service's live versions at the moment of the approval (issue 19). */
    inventory?: Versions;
    /** Pre-approved by this severity policy (actor `system`): it stands for every role the round needs. */
    policy?: string;
  };
  'approval.denied': { step: string; hook: string | null; role: string | null; reason: string };
  /** What would run now differs from the command the approvals were given for (their argv, for approvals that pinned no command): they no longer count. */
  'approval.lapsed': { step: string; hook: string; approved: string[]; now: string[]; changes: string[] };
  'hook.started': {
    run: string;
    hook: string;
    step: string | null;
    argv: string[];
    env: string[];
    cwd: string;
    retry: boolean;
    undoOf?: string;
    /** The aiops process that will write hook.finished: while it lives, the run is in progress, not unknown. */
    runner?: { pid: number; host: string };
    /** A drill's scripted failure: nothing ran, and hook.finished (failed) follows in the same append. */
    simulated?: true;
  };
  'hook.finished': { run: string; hook: string; step: string | null; undoOf?: string } & HookOutcomeFields;
  'hook.simulated': { run: string; hook: string; step: string | null; argv: string[]; undoOf?: string };
  'hook.outcome_recorded': { run: string; hook: string; step: string | null; ok: boolean; note: string };
  'note.added': { text: string; attachments: AttachmentRef[]; context?: Record<string, string> };
  'severity.changed': { from: Severity; to: Severity; reason: string };
  /**
   * The commander changed the title and/or service (`incident edit`): the new values given, the ones they replace, why.
   * `inventory`: with a new service, the incident's new inventory pin, that service's as it was at the edit (no versions
   * when it has none); absent for a title alone, and in logs written before an edit re-pinned, which keep the pin they had.
   * `previous.inventory`: the live versions of the pin it replaces, when there was one.
   */
  'incident.edited': { title?: string; service?: string; previous: { title?: string; service?: string; inventory?: Versions }; reason: string; inventory?: InventorySnapshot };
  /** `duplicateOf`: the incident a `duplicate` one is a duplicate of. */
  'status.changed': { from: IncidentStatus; to: IncidentStatus; reason?: string; summary?: string; duplicateOf?: string };
  'policy.refused': { rule: string; command: string; message: string; args?: Record<string, unknown> };
  /** `fail`: from this inject on, the named simulated hook fails (scenario `fail:` on the inject). */
  'drill.inject': { inject: string; kind: string; source?: string; summary: string; detail?: string; at: string; fail?: DrillFailure };
  /** `reason`: why the facilitator changed an earlier judgment (a judgment is final otherwise). */
  'drill.judged': { expectation: string; met: boolean; note?: string; reason?: string };
  /** The facilitator stopped the drill clock; `real` is the real instant (drill time stands still from it). */
  'drill.paused': { real: string; reason?: string };
  /** The drill clock runs again from the real instant `real`. */
  'drill.resumed': { real: string };
  'drill.debrief': { text: string };
  /** `playedMs` of the scenario's `scenarioMs` were played before it ended (absent on older drills). */
  'drill.ended': { score: number; early: boolean; results: DrillResultRow[]; playedMs?: number; scenarioMs?: number };
  /** `aiops inventory set`, on the log-wide stream INVENTORY_STREAM: the versions set and those they replace. */
  'inventory.changed': { service: string; set: Versions; previous: Versions; reason: string };
  /** The commander's account of the impact (`incident impact`): each field given replaces the one before. */
  'impact.recorded': { text?: string; affected?: string; duration?: string };
  /** Postmortem findings (`incident review`): the cause replaces the one before, the lists grow. */
  'review.recorded': { cause?: string; factors: string[]; wentWell: string[]; wentBadly: string[] };
  /** A follow-up with an owner and a due instant (`action add`); `action` is A1, A2, … in the incident. */
  'action.added': { action: string; text: string; owner: string; due: string };
  'action.closed': { action: string; note?: string };
  /** A page delivered to a person through notify.hook (issue 16); `attempt` counts tries of this page. */
  'page.sent': PageAttempt & { exitCode: number | null };
  /** A page whose hook failed; the schedule tries it again after a backoff. */
  'page.failed': PageAttempt & { error: string };
  /** Someone answered: these pages (every page of their chains) stop escalating. */
  'page.acked': { pages: string[] };
  /** The incident reached a severity policy's level (at start or by a severity change): what it runs, how approved, what holds it. */
  'policy.triggered': {
    policy: string;
    source: 'aiops.yaml' | 'playbook';
    at: Severity;
    severity: Severity;
    items: { step: string; hook: string }[];
    approval: 'usual' | 'policy';
    hold: string | null;
  };
  /** `aiops ack` by a holder of the hold role: these held policies may now fire. */
  'policy.acknowledged': { policies: string[] };
  /**
   * The severity fell below a fired policy's `at` before these items of it ran: they are withdrawn (its
   * pre-approvals lapse, its own hook items are skipped) and nothing of the policy fires any more.
   */
  'policy.withdrawn': { policy: string; items: string[]; severity: Severity; reason: string };
}

/** Why a person is paged. */
export type PageReason = 'opened' | 'assigned' | 'approval' | 'overdue' | 'severity';

/** One try of one page: which need it answers (`key`), to whom, what it says, and the page it escalates. */
export interface PageAttempt {
  page: string;
  key: string;
  to: string;
  contact: string;
  reason: PageReason;
  message: string;
  attempt: number;
  escalatedFrom: string | null;
}

/** What one hook run came to: the payload of hook.finished, what runHook returns, and (less the cut counts) a run's `finished` in the state. */
export interface HookOutcomeFields {
  ok: boolean;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  stdout: string;
  stderr: string;
  /** Bytes cut from the middle of the stored output (its first and last parts are kept). */
  stdoutCut: number;
  stderrCut: number;
  error?: string;
}

export interface DrillResultRow {
  id: string;
  /**
   * not_judged: a manual expectation nobody judged yet; not_reached: the drill ended before the
   * expectation fell due. Neither counts towards the score.
   */
  outcome: 'met' | 'met_late' | 'missed' | 'not_judged' | 'not_reached';
  weight: number;
  tookMs: number | null;
}

export type EventType = keyof EventPayloads;
export const EVENT_TYPES = [
  'incident.opened',
  'role.assigned',
  'step.completed',
  'step.skipped',
  'step.reopened',
  'step.overdue',
  'approval.requested',
  'approval.granted',
  'approval.denied',
  'approval.lapsed',
  'hook.started',
  'hook.finished',
  'hook.simulated',
  'hook.outcome_recorded',
  'note.added',
  'severity.changed',
  'status.changed',
  'policy.refused',
  'drill.inject',
  'drill.judged',
  'drill.paused',
  'drill.resumed',
  'drill.debrief',
  'drill.ended',
  'alert.received',
  'inventory.changed',
  'impact.recorded',
  'review.recorded',
  'action.added',
  'action.closed',
  'page.sent',
  'page.failed',
  'page.acked',
  'policy.triggered',
  'policy.acknowledged',
  'policy.withdrawn',
  'incident.edited',
] as const satisfies readonly EventType[];

/** An event as decided, before the store gives it a seq and hashes. */
export type NewEvent = {
  [T in EventType]: { type: T; incidentId: string; ts: string; actor: string; role: string | null; payload: EventPayloads[T] };
}[EventType];

/**
 * An event as stored in the evidence log. `login` is the database login that wrote it, set by the
 * server on PostgreSQL (and hashed there); SQLite events have none.
 */
export type StoredEvent = NewEvent & { seq: number; prevHash: string; hash: string; login?: string };

export type EventOf<T extends EventType> = Extract<StoredEvent, { type: T }>;
