import { missingApprovals, stepHook } from '../core/decide.js';
import { ownRuns } from '../core/hook-step.js';
import { formatShortDuration, parseDuration } from '../core/duration.js';
import type { HookRun, IncidentState, StepState } from '../core/incident-state.js';
import { isOverdue, stepDisplayState } from '../app/incident-view.js';
import type { Tone } from './theme.js';

export type StepTag = 'todo' | 'now' | 'done' | 'skip' | 'n/a' | 'approve' | 'denied' | 'run' | 'fail' | 'unknown' | 'late';

/** A hook this process is running right now (its hook.started is committed, hook.finished not yet). */
export interface LocalRun {
  step: string;
  hook: string;
  argv: string[];
  startedAt: number;
  output: string;
}

const DEFAULT_HOOK_TIMEOUT_MS = 60_000;

/** A run with no outcome is "running" while its timeout could still be pending, else "outcome unknown". */
export function unfinishedLooksAlive(run: HookRun, now: Date, timeout: string | undefined): boolean {
  const limit = (timeout ? parseDuration(timeout) : undefined) ?? DEFAULT_HOOK_TIMEOUT_MS;
  return now.getTime() - Date.parse(run.startedAt) < limit + 10_000;
}

/** The one tag a step shows in the list, most urgent first. */
export function stepTag(state: IncidentState, st: StepState, now: Date, local: LocalRun | null, hookTimeout?: string): StepTag {
  if (local && local.step === st.id) return 'run';
  const display = stepDisplayState(state, st);
  switch (display) {
    case 'done':
      return 'done';
    case 'skipped':
      return 'skip';
    case 'bypassed':
      return 'n/a';
    case 'failed':
      return 'fail';
    case 'outcome-unknown': {
      const last = ownRuns(st).at(-1);
      return last && unfinishedLooksAlive(last, now, hookTimeout) ? 'run' : 'unknown';
    }
    case 'denied':
      return 'denied';
    default:
      break;
  }
  if (isOverdue(st, now)) return 'late';
  if (display === 'waiting-approval') return 'approve';
  return display === 'current' ? 'now' : 'todo';
}

export const TAG_LABEL: Record<StepTag, string> = {
  todo: 'todo',
  now: 'NOW',
  done: 'done',
  skip: 'skip',
  'n/a': 'n/a',
  approve: 'APPRV',
  denied: 'DENY',
  run: 'RUN',
  fail: 'FAIL',
  unknown: 'UNKN',
  late: 'LATE',
};

export const TAG_MEANING: Record<StepTag, string> = {
  todo: 'pending',
  now: 'current step',
  done: 'done (committed)',
  skip: 'skipped with a reason',
  'n/a': 'not on the path a decision took',
  approve: 'waiting for approval',
  denied: 'approval denied',
  run: 'hook running',
  fail: 'hook failed',
  unknown: 'hook outcome unknown: check and record',
  late: 'overdue',
};

export const TAG_TONE: Record<StepTag, Tone> = {
  todo: 'muted',
  now: 'accent',
  done: 'good',
  skip: 'muted',
  'n/a': 'muted',
  approve: 'warn',
  denied: 'bad',
  run: 'accent',
  fail: 'bad',
  unknown: 'bad',
  late: 'bad',
};

const ROLE_SHORT: Record<string, string> = { commander: 'cmdr', model_owner: 'model', reviewer: 'rev', communicator: 'comms' };

export function shortRole(role: string): string {
  return (Object.hasOwn(ROLE_SHORT, role) ? ROLE_SHORT[role] : undefined) ?? role.slice(0, 5);
}

/** "9m" left, "-3m" overdue, "" when there is no due time or the step is finished. */
export function dueText(st: StepState, now: Date): string {
  if (!st.dueAt || st.status !== 'pending') return '';
  const left = Date.parse(st.dueAt) - now.getTime();
  const mins = Math.ceil(Math.abs(left) / 60_000);
  if (left >= 0) return left < 60_000 ? `${Math.ceil(left / 1000)}s` : `${mins}m`;
  return `-${mins}m`;
}

export function dueLong(st: StepState, now: Date): string | null {
  if (!st.dueAt || st.status !== 'pending') return null;
  const left = Date.parse(st.dueAt) - now.getTime();
  return left >= 0 ? `due in ${formatShortDuration(left)}` : `OVERDUE by ${formatShortDuration(-left)}`;
}

/**
 * What a notice about a step's pending state depends on: its status, approvals, denial and runs.
 * When the live view shows another, what the notice said is out of date.
 */
export function stepMark(state: IncidentState, stepId: string): string {
  const st = state.steps.find((s) => s.id === stepId);
  if (!st) return '';
  return JSON.stringify([st.status, st.approvals.map((a) => `${a.role}:${a.person}`), st.denied?.by ?? null, st.runs.map((r) => `${r.run}:${r.finished ? (r.finished.ok ? 'ok' : 'failed') : 'running'}`)]);
}

export { missingApprovals, stepHook };
