import { missingApprovals, stepHook } from '../core/decide.js';
import { isEnded } from '../core/events.js';
import { ownRuns } from '../core/hook-step.js';
import type { Approval, IncidentNote, IncidentState, StepState } from '../core/incident-state.js';
import { firstLapse, type HookPin } from '../core/incident/approval-pin.js';
import { showArgv } from '../core/show-argv.js';
import { personIn } from '../core/roster-person.js';

export type StepDisplayState =
  | 'pending'
  | 'current'
  | 'done'
  | 'skipped'
  | 'bypassed'
  | 'waiting-approval'
  | 'denied'
  | 'running'
  | 'failed'
  | 'outcome-unknown';

/** What a step looks like to a responder right now (overdue is reported separately). */
export function stepDisplayState(state: IncidentState, st: StepState): StepDisplayState {
  if (st.status === 'done' || st.status === 'skipped' || st.status === 'bypassed') return st.status;
  const last = ownRuns(st).at(-1);
  if (last && !last.finished) return 'outcome-unknown';
  if (last?.finished && !last.finished.ok) return 'failed';
  if (st.denied) return 'denied';
  const asked = st.requestedAt !== null || st.approvals.length > 0 || state.current === st.id;
  if (asked && st.needs.length > 0 && missingApprovals(st).length > 0 && stepHook(st)) return 'waiting-approval';
  return state.current === st.id ? 'current' : 'pending';
}

/** When the incident ended (closed, cancelled, a duplicate): the last status change, or null while it is still on. */
export function endedAt(state: IncidentState): string | null {
  return isEnded(state.status) ? (state.statusHistory.at(-1)?.ts ?? null) : null;
}

/** How long the incident has run at `now`, or ran until it ended. */
export function elapsedMs(state: IncidentState, now: Date): number {
  const end = endedAt(state);
  return (end === null ? now.getTime() : Math.min(now.getTime(), Date.parse(end))) - Date.parse(state.openedAt);
}

export function isOverdue(st: StepState, now: Date): boolean {
  return (st.status === 'pending') && st.dueAt !== null && Date.parse(st.dueAt) < now.getTime();
}

const approvalView = (a: Approval) => ({ role: a.role, person: a.person, ts: a.ts, note: a.note ?? null, override: a.override ?? null });

/**
 * A pending step as it stands against what its hook would run now: when its approvals were given
 * for another command they have lapsed (the next approve or fire logs it), so they count for nothing.
 */
function currentRound(st: StepState, pin: HookPin | undefined) {
  const lapse = pin ? firstLapse(st, pin) : null;
  if (!lapse) return { round: st, lapsed: null };
  return { round: { ...st, approvals: [] }, lapsed: { approvals: st.approvals.map(approvalView), changes: lapse.changes } };
}

/** One step of the view; `pin` is what its hook would run now (pending steps with a defined hook). */
function stepView(state: IncidentState, st: StepState, now: Date, pin: HookPin | undefined) {
  const { round, lapsed } = currentRound(st, pin);
  return {
    id: st.id,
    kind: st.kind,
    title: st.title,
    owner: st.owner,
    status: st.status,
    display: stepDisplayState(state, round),
    overdue: isOverdue(st, now),
    dueAt: st.dueAt,
    option: st.option ?? null,
    doneAt: st.doneAt ?? null,
    doneBy: st.doneBy ?? null,
    skipReason: st.skipReason ?? null,
    hook: stepHook(st),
    argv: pin ? [...pin.argv] : null,
    argvShown: pin ? showArgv(pin.shown ?? pin.argv) : null,
    command: pin ? [...pin.command] : null,
    needs: st.needs,
    requestedAt: st.requestedAt,
    approvals: round.approvals.map(approvalView),
    lapsed,
    missing: missingApprovals(round),
    denied: st.denied,
    runs: st.runs.map((r) => ({
      run: r.run,
      hook: r.hook,
      argv: r.argv,
      simulated: r.simulated,
      startedAt: r.startedAt,
      startedBy: r.startedBy,
      outcome: r.finished ? (r.finished.ok ? 'ok' : 'failed') : 'unknown',
      exitCode: r.finished?.exitCode ?? null,
      timedOut: r.finished?.timedOut ?? false,
      durationMs: r.finished?.durationMs ?? null,
      recorded: r.finished?.recorded ? (r.finished.error ?? '') : null,
    })),
  };
}

/**
 * The documented `--json` shape of an incident (version 1). `notes` is every note of the
 * incident (readIncidentNotes): the state itself keeps only the latest few. `hookOf` resolves
 * what a pending step's hook would run now, so an approver sees it before approving, and
 * approvals given for another command show as lapsed.
 */
export function incidentView(
  state: IncidentState,
  now: Date,
  roster: { people: Record<string, { name?: string; contact?: string }>; oncall?: Record<string, string[]> } | undefined,
  notes: IncidentNote[],
  hookOf: (stepId: string) => HookPin | undefined = () => undefined,
) {
  return {
    version: 1,
    id: state.id,
    title: state.title,
    service: state.service,
    severity: state.severity,
    trigger: state.trigger,
    status: state.status,
    // A drill says whether it ended (scored) and when: its incident status alone reads as still open.
    drill: state.drill ? { ...state.drill, ended: state.drillEnded ? { at: state.drillEnded.ts, score: state.drillEnded.score } : null } : null,
    playbook: state.playbook,
    selection: state.selection,
    alert: state.alert,
    openedAt: state.openedAt,
    openedBy: state.openedBy,
    context: state.context,
    roles: Object.fromEntries(
      Object.entries(state.roles).map(([role, h]) => [
        role,
        {
          person: h.person,
          since: h.since,
          source: h.source,
          contact: personIn(roster?.people, h.person)?.contact ?? null,
          backups: (roster?.oncall?.[role] ?? []).filter((p) => p !== h.person),
        },
      ]),
    ),
    roleHistory: state.roleHistory,
    current: state.current,
    path: state.path,
    steps: state.steps.map((st) => stepView(state, st, now, st.status === 'pending' && stepHook(st) ? hookOf(st.id) : undefined)),
    notes,
    severityHistory: state.severityHistory,
    statusHistory: state.statusHistory,
    summary: state.summary,
    ...(state.duplicateOf ? { duplicateOf: state.duplicateOf } : {}),
    refusals: state.refusals,
    overrides: state.overrides,
    events: state.events,
    lastSeq: state.lastSeq,
  };
}
export type IncidentView = ReturnType<typeof incidentView>;
