import type { InventorySnapshot } from '../inventory.js';
import type { PinnedPolicy, PolicyRun } from '../severity-policy.js';
import type { AttachmentRef, HookOutcomeFields, IncidentStatus, PageReason, PlaybookPin } from '../events.js';
import type { Severity } from '../constants.js';
import type { AlertFormat, AlertItem } from '../alerts.js';
import type { Playbook, Step } from '../schemas/playbook.js';
import type { Authority } from '../schemas/config.js';

export type StepStatus = 'pending' | 'done' | 'skipped' | 'bypassed';

export interface Approval {
  role: string;
  person: string;
  ts: string;
  seq: number;
  note?: string;
  override?: { reason: string; missing: string[] };
  /** The argv as the approver's host resolved it (what they were shown would run). */
  argv?: string[];
  /** The command this approval was given for, as aiops.yaml gives it with its templates filled: firing runs exactly it. */
  command?: string[];
  /** Given by a severity policy (its id), standing for every role of the round. */
  policy?: string;
}

export interface HookRun {
  run: string;
  /** Seq of the hook.started (or hook.simulated) event. */
  seq: number;
  hook: string;
  step: string | null;
  argv: string[];
  startedAt: string;
  startedBy: string;
  retry: boolean;
  simulated: boolean;
  undoOf?: string;
  /** Set once hook.finished (or a recorded outcome) is in the log. */
  finished?: Omit<HookOutcomeFields, 'stdoutCut' | 'stderrCut'> & { ts: string; recorded?: boolean };
  /** A hook.finished that came after a person recorded the outcome: its own fact, never over the recorded one. */
  late?: Omit<HookOutcomeFields, 'stdoutCut' | 'stderrCut'> & { ts: string };
}

export interface StepState {
  id: string;
  kind: Step['kind'];
  owner: string;
  title: string;
  spec: Step;
  status: StepStatus;
  option?: string;
  note?: string;
  text?: string;
  skipReason?: string;
  doneAt?: string;
  doneBy?: string;
  dueAt: string | null;
  overdueLogged: boolean;
  /** Roles whose approval this step needs (own list plus the hook's floor). */
  needs: string[];
  approvals: Approval[];
  requestedAt: string | null;
  denied: { by: string; role: string | null; reason: string; ts: string } | null;
  runs: HookRun[];
  /** Pseudo-steps (`hook:NAME`) only: the run this round's hook undoes. */
  undoOf?: string;
}

export interface RoleHolder {
  person: string;
  since: string;
  source: 'manual' | 'oncall' | 'starter' | 'owner';
}

export interface IncidentNote {
  seq: number;
  ts: string;
  actor: string;
  text: string;
  attachments: AttachmentRef[];
}

/** The alert behind an incident: its first payload, and what the source sent since (alert.received). */
export interface IncidentAlert {
  format: AlertFormat;
  source?: string;
  attachment: AttachmentRef;
  key: string | null;
  /** Notifications received: the opening one and every alert.received. */
  count: number;
  firstSeen: string;
  lastSeen: string;
  /** Alerts of the group firing, as the latest notification says. */
  firing: number;
  /** The latest notification's alerts, each with its own labels. */
  alerts: AlertItem[];
  /** When the source said it resolved ("source says resolved at …"); null while firing. */
  resolvedAt: string | null;
}

export interface PostmortemFields {
  impact: { text: string | null; affected: string | null; duration: string | null; by: string; ts: string } | null;
  cause: string | null;
  factors: string[];
  wentWell: string[];
  wentBadly: string[];
}

export interface ActionItem {
  id: string;
  text: string;
  owner: string;
  due: string;
  addedBy: string;
  addedAt: string;
  closed: { by: string; ts: string; note?: string } | null;
}

/** A page to a person (issue 16): its tries, when it got through, and who acknowledged it. */
export interface PageRecord {
  page: string;
  key: string;
  to: string;
  reason: PageReason;
  message: string;
  escalatedFrom: string | null;
  /** Tries so far, and the instant of the last one. */
  attempts: number;
  lastTry: string;
  /** When a try got through; null while every try failed. */
  sentAt: string | null;
  lastError: string | null;
  acked: { by: string; ts: string } | null;
}

/** How many of the latest notes IncidentState keeps. */
export const RECENT_NOTES = 20;

export interface IncidentState {
  id: string;
  title: string;
  service: string;
  severity: Severity;
  trigger: string | null;
  status: IncidentStatus;
  playbook: PlaybookPin;
  playbookContent: Playbook;
  /** Why this playbook and severity were chosen, as logged at start. */
  selection: { reason: string; candidates?: string[] };
  /** The alert the incident was started from; its raw payload is an attachment. */
  alert: IncidentAlert | null;
  context: Record<string, string>;
  /** The service's version inventory pinned at start (issue 19); hooks read `{{inventory.FIELD.live|previous}}` from it. */
  inventory?: InventorySnapshot;
  /** `failures`: simulated hooks the scenario makes fail, each from the run count of its hook when it began. */
  drill: { scenario: string; title: string; speed?: number; auto?: boolean; facilitator?: string; pauses?: { from: string; to: string | null }[]; failures?: ActiveFailure[] } | null;
  openedAt: string;
  openedBy: string;
  roles: Record<string, RoleHolder>;
  roleHistory: { role: string; person: string; from: string; to: string | null; handoff: boolean }[];
  steps: StepState[];
  /** The steps on the way decisions have taken, in order; the current step is the first pending one. */
  path: string[];
  current: string | null;
  /**
   * The last RECENT_NOTES notes, oldest first, and how many there are in all. The state does not
   * grow with the notes (an incident may have 100,000); views that list every note read them from
   * the log (readIncidentNotes).
   */
  recentNotes: IncidentNote[];
  noteCount: number;
  severityHistory: { ts: string; from: Severity | null; to: Severity; reason: string; actor: string }[];
  statusHistory: { ts: string; from: IncidentStatus | null; to: IncidentStatus; reason?: string; actor: string }[];
  summary: string | null;
  /** The incident this one is a duplicate of, while its status is `duplicate`. */
  duplicateOf: string | null;
  runs: HookRun[];
  refusals: number;
  overrides: number;
  lastSeq: number;
  lastTs: string;
  events: number;
  injects: { seq: number; inject: string; kind: string; summary: string; ts: string; source?: string }[];
  judged: Record<string, { met: boolean; note?: string; by: string; ts: string }>;
  debrief: { text: string; by: string; ts: string }[];
  /** score: null when the end's payload cannot be read (edited by hand). */
  drillEnded: { score: number | null; ts: string } | null;
  /** What the postmortem says beside the log's own facts: impact, cause, findings (`incident impact|review`). */
  postmortem: PostmortemFields;
  /** Follow-up action items, in the order they were added. */
  actions: ActionItem[];
  /** Pages sent or tried (issue 16), in the order first tried. */
  pages: PageRecord[];
  /** Severity policies pinned at start (issue 19), and those that fired, by policy id. */
  policies: PinnedPolicy[];
  policyRuns: Record<string, PolicyRun>;
  /**
   * On a PostgreSQL log: which database login is which person here: the opener's roster, pinned in the
   * opening, then each login or person first seen acting after it (absent when no event carries a
   * login). One login is one person in an incident, whatever a host's roster says (acting-logins.ts).
   */
  logins?: { login: string; person: string }[];
  /** Who may change severity and status, close and assign here, pinned at the opening (absent in older logs: aiops.yaml decides). */
  authority?: Required<Authority>;
  /** Positions in the arrays above, so folding one event never scans them. */
  index: IncidentIndex;
}

/**
 * Lookups kept beside the state's arrays, keyed the way the fold reads them. Positions never
 * move (steps, runs and role history are appended to, never reordered), so they stay valid.
 */
export interface IncidentIndex {
  /** Step id → position in `steps` (the first step with that id). */
  steps: Map<string, number>;
  /**
   * Run id → position in `runs`, only for runs not named `run-N` after their position N - 1
   * (aiops names every run that way, so this stays empty; see `runAt`).
   */
  irregularRuns: Map<string, number>;
  /** Role → position in `roleHistory` of its open entry (the current holder's). */
  openRoles: Map<string, number>;
}

/** A scenario's failure in force: the hook's runs after the first `from` fail, `times` of them. */
export interface ActiveFailure {
  hook: string;
  exit?: number;
  timeout?: boolean;
  times: number;
  from: number;
}
