import { isEnded } from './events.js';
import type { IncidentState } from './incident-state.js';
import type { Command, DecideContext } from './incident/decide/command.js';
import { decideAlert } from './incident/decide/alert.js';
import { decideApprove } from './incident/decide/approve.js';
import { decideAssign } from './incident/decide/assign.js';
import { decideDebrief } from './incident/decide/debrief.js';
import { type Decision, invalid, refuse } from './incident/decide/decision.js';
import { decideDeny } from './incident/decide/deny.js';
import { decideDrillDeliver } from './incident/decide/drill-deliver.js';
import { decideEdit } from './incident/decide/edit.js';
import { decideDrillEnd } from './incident/decide/drill-end.js';
import { decideDrillPause, decideDrillResume } from './incident/decide/drill-pause.js';
import { decideFire } from './incident/decide/fire.js';
import { followUps } from './incident/decide/follow-ups.js';
import { decideHookBegin } from './incident/decide/hook-begin.js';
import { decideHookFinish } from './incident/decide/hook-finish.js';
import { decideJudge } from './incident/decide/judge.js';
import { decideNote } from './incident/decide/note.js';
import { decideOpen } from './incident/decide/open.js';
import { decideAck, decidePage } from './incident/decide/page.js';
import { decideActionAdd, decideActionClose, decideImpact, decideReview } from './incident/decide/postmortem.js';
import { decideRecordOutcome } from './incident/decide/record-outcome.js';
import { decideRequest } from './incident/decide/request.js';
import { decideSeverity } from './incident/decide/severity.js';
import { decideStatus } from './incident/decide/status.js';
import { decideStep } from './incident/decide/step.js';
import { decideStepReopen } from './incident/decide/step-reopen.js';
import { decideTick } from './incident/decide/tick.js';

export type { Command, CommandOf, DecideContext, HookBeginCommand, HookFinishCommand, OpenCommand } from './incident/decide/command.js';
export type { Accepted, Decision } from './incident/decide/decision.js';
export { refusalEvent } from './incident/decide/decision.js';
export type { Failure, GivenApproval, Holder, Invalid, InvalidCode, InvalidData, Refused, RefusalData, RefusalRule } from './incident/decide/failures.js';
export { INVALID_CODES, REFUSAL_RULES } from './incident/decide/failures.js';
export { foldAhead, followUps } from './incident/decide/follow-ups.js';
export { defaultIncidentTitle, rosterWarning } from './incident/decide/open.js';
export { STATUS_TRANSITIONS } from './incident/decide/status.js';
export { findStep, missingApprovals, nextRunId, stepHook } from './incident/decide/steps.js';

/** What may still be done on a closed incident: talk about it, reopen it, and what the system logs. */
const ALLOWED_WHEN_CLOSED = new Set<Command['kind']>(['note', 'status', 'debrief', 'judge', 'tick', 'record-outcome', 'hook-finish', 'drill-deliver', 'drill-end', 'impact', 'review', 'action-add', 'action-close', 'drill-pause', 'drill-resume', 'page', 'ack']);

/** Commands a person gives; after them the system logs what became overdue and what now needs approval. */
const FOLLOWED_UP = new Set<Command['kind']>(['assign', 'step', 'step-reopen', 'approve', 'deny', 'request', 'note', 'severity', 'status', 'fire', 'record-outcome', 'judge', 'debrief', 'tick']);

/**
 * Decides a command against the current state (none yet for `open`): the events to append, or
 * why not as data. Pure: the caller appends the events (or logs the refusal) in one transaction.
 */
export function decide(state: IncidentState | null, cmd: Command, ctx: DecideContext): Decision {
  if (cmd.kind === 'open') return state ? invalid('incident.exists', { incident: state.id }) : decideOpen(cmd, ctx);
  if (!state) return invalid('incident.missing', { command: cmd.kind });
  if (isEnded(state.status) && !ALLOWED_WHEN_CLOSED.has(cmd.kind)) return refuse(state, ctx, 'incident.closed', cmd.kind, {}, { incident: state.id, status: state.status });
  const primary = decideOn(state, cmd, ctx);
  if (!primary.ok || !FOLLOWED_UP.has(cmd.kind)) return primary;
  return { ...primary, events: [...primary.events, ...followUps(state, primary.events, ctx)] };
}

function decideOn(state: IncidentState, cmd: Exclude<Command, { kind: 'open' }>, ctx: DecideContext): Decision {
  switch (cmd.kind) {
    case 'assign':
      return decideAssign(state, cmd, ctx);
    case 'step':
      return decideStep(state, cmd, ctx);
    case 'step-reopen':
      return decideStepReopen(state, cmd, ctx);
    case 'approve':
      return decideApprove(state, cmd, ctx);
    case 'deny':
      return decideDeny(state, cmd, ctx);
    case 'request':
      return decideRequest(state, cmd, ctx);
    case 'note':
      return decideNote(state, cmd, ctx);
    case 'severity':
      return decideSeverity(state, cmd, ctx);
    case 'edit':
      return decideEdit(state, cmd, ctx);
    case 'status':
      return decideStatus(state, cmd, ctx);
    case 'fire':
      return decideFire(state, cmd, ctx);
    case 'record-outcome':
      return decideRecordOutcome(state, cmd, ctx);
    case 'judge':
      return decideJudge(state, cmd, ctx);
    case 'debrief':
      return decideDebrief(state, cmd, ctx);
    case 'tick':
      return decideTick();
    case 'hook-begin':
      return decideHookBegin(state, cmd, ctx);
    case 'hook-finish':
      return decideHookFinish(state, cmd, ctx);
    case 'drill-deliver':
      return decideDrillDeliver(state, cmd, ctx);
    case 'drill-end':
      return decideDrillEnd(state, cmd, ctx);
    case 'alert':
      return decideAlert(state, cmd, ctx);
    case 'impact':
      return decideImpact(state, cmd, ctx);
    case 'review':
      return decideReview(state, cmd, ctx);
    case 'action-add':
      return decideActionAdd(state, cmd, ctx);
    case 'action-close':
      return decideActionClose(state, cmd, ctx);
    case 'drill-pause':
      return decideDrillPause(state, cmd, ctx);
    case 'drill-resume':
      return decideDrillResume(state, cmd, ctx);
    case 'page':
      return decidePage(state, cmd, ctx);
    case 'ack':
      return decideAck(state, cmd, ctx);
  }
}
