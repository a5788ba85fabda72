import type { ServiceInventory, Versions } from '../../inventory.js';
import type { Severity } from '../../constants.js';
import type { AttachmentRef, DrillResultRow, EventPayloads, HookOutcomeFields, IncidentStatus, PageAttempt } from '../../events.js';
import type { ConfigFile } from '../../schemas/config.js';
import type { Playbook } from '../../schemas/playbook.js';
import type { RosterFile } from '../../schemas/roster.js';
import type { Inject } from '../../schemas/scenario.js';

type Opened = EventPayloads['incident.opened'];

/** Opens an incident (decided on no state): the opening event, the starter's and the on-call assignments. */
export interface OpenCommand {
  kind: 'open';
  /** The new incident's id (INC-2026-0001), allocated by the log. */
  id: string;
  playbook: { playbook: Playbook; sha256: string };
  trigger: string | null;
  severity: Severity;
  selection: Opened['selection'];
  /** As typed (`--title`, `--service`); when absent, the alert's, else a default. */
  title?: string;
  service?: string;
  context?: Record<string, string>;
  drill?: Opened['drill'];
  scenarioContent?: Opened['scenarioContent'];
  /** The alert the incident starts from: its stored payload and what it says about title and service. */
  alert?: Opened['alert'] & { title: string | null; service: string | null };
  /** Give each playbook role to its primary on-call (`--assign-oncall`, or `assign: oncall`). */
  assignOncall: boolean;
  /** The version inventory as it is: the incident pins its service's part of it (issue 19). */
  inventory?: ReadonlyMap<string, ServiceInventory>;
}

/** Starts a step's hook after the fire checks: hook.started, or hook.simulated and the step's completion. */
export interface HookBeginCommand {
  kind: 'hook-begin';
  step: string;
  /** The resolved command: argv, the names of the environment variables it gets, its directory. */
  argv: string[];
  /** The command as aiops.yaml gives it, templates filled (the program as written): what approvals pin. */
  command: string[];
  env: string[];
  cwd: string;
  /** A drill run of a hook that is not `drill: run`: logged as simulated, nothing runs. */
  simulated: boolean;
  retry?: boolean;
  /** The process that will write hook.finished. */
  runner?: { pid: number; host: string };
  /** A notify step's message as its hook sends it; recorded with the step's completion. */
  text?: string;
  /** Fired because this severity policy released it: whoever's command set it off fires it, in any role. */
  policy?: string;
}

/** Logs how a started run ended, and completes its step when it succeeded. */
export interface HookFinishCommand {
  kind: 'hook-finish';
  run: string;
  outcome: HookOutcomeFields;
  /** A notify step's message as its hook sent it; recorded with the step's completion. */
  text?: string;
}

export type Command =
  | { kind: 'assign'; role: string; person: string; handoff?: boolean }
  | { kind: 'step'; step: string; action: 'done' | 'skip' | 'choose'; reason?: string; option?: string; note?: string; text?: string; fromHook?: boolean; record?: boolean; retry?: boolean }
  | { kind: 'step-reopen'; step: string; reason: string }
  | {
      kind: 'approve';
      step: string;
      note?: string;
      override?: string;
      /** What the step's hook would run now: the approval pins `command`, and records `argv` as this host resolves it. */
      argv?: string[];
      command?: string[];
      /** Why the step's hook cannot run as it would be approved (a NUL byte, a missing value): nothing is approved. */
      blocked?: string;
      inventory?: Versions;
    }
  | { kind: 'deny'; step: string; reason: string }
  | { kind: 'request'; step: string; params?: Record<string, string>; argv?: string[]; undoOf?: string }
  | { kind: 'note'; text: string; attachments?: AttachmentRef[]; context?: Record<string, string> }
  | { kind: 'severity'; to: Severity; reason: string }
  /**
   * Changes the title and/or service (a title no hook can pass, a wrong service), with a reason.
   * `inventory`: the version inventory as it is; a new service re-pins the incident to its part of it.
   */
  | { kind: 'edit'; title?: string; service?: string; reason: string; inventory?: ReadonlyMap<string, ServiceInventory> }
  /** `target`: the incident `duplicateOf` names as the log has it (the app reads it; the engine sees one incident). */
  | { kind: 'status'; to: IncidentStatus; reason?: string; summary?: string; duplicateOf?: string; target?: { status: IncidentStatus; duplicateOf: string | null } }
  | { kind: 'fire'; step: string; retry?: boolean; policy?: string }
  | { kind: 'record-outcome'; run: string; ok: boolean; note: string }
  /** `reason`: needed to change an earlier judgment. */
  | { kind: 'judge'; expectation: string; met: boolean; note?: string; reason?: string }
  /** `real`: the real instant the drill clock stops (pause) or runs again (resume). */
  | { kind: 'drill-pause'; real: string; reason?: string }
  | { kind: 'drill-resume'; real: string }
  | { kind: 'debrief'; text: string }
  | { kind: 'tick' }
  | { kind: 'alert'; received: EventPayloads['alert.received'] }
  | { kind: 'impact'; text?: string; affected?: string; duration?: string }
  | { kind: 'review'; cause?: string; factors?: string[]; wentWell?: string[]; wentBadly?: string[] }
  | { kind: 'action-add'; text: string; owner: string; due: string }
  | { kind: 'action-close'; action: string; note?: string }
  /** One try of a page through notify.hook, and how the hook came out. */
  | { kind: 'page'; attempt: PageAttempt & { outcome: { ok: true; exitCode: number | null } | { ok: false; error: string } } }
  /** `page`: only that page's chain; otherwise every page of the incident not acknowledged yet. */
  | { kind: 'ack'; page?: string }
  | OpenCommand
  | HookBeginCommand
  | HookFinishCommand
  | { kind: 'drill-deliver'; injects: { key: string; inject: Inject; ts?: string }[] }
  /** `rescore`: a judgment after the end changed the score; the drill has ended already. */
  | { kind: 'drill-end'; score: number; early: boolean; results: DrillResultRow[]; rescore?: boolean; playedMs?: number; scenarioMs?: number };

export type CommandOf<K extends Command['kind']> = Extract<Command, { kind: K }>;

export interface DecideContext {
  actor: string;
  now: string;
  config: ConfigFile;
  roster: RosterFile;
  /** The log stamps every event with the database login that wrote it (PostgreSQL): an opening pins the roster's logins. */
  databaseLogins?: boolean;
}
