import { hookValues } from '../app/fire-hook.js';
import { isHookStepId, ownRuns, undoTarget } from '../core/hook-step.js';
import { formatShortDuration } from '../core/duration.js';
import { waitEndsAt } from '../core/incident/wait-window.js';
import { completionOf, messageTemplateOf, optionsOf, waitDurationOf } from '../core/step-kinds/index.js';
import type { IncidentState, StepState } from '../core/incident-state.js';
import type { PickItem } from './components/Picker.js';
import { missingApprovals, type StepTag, stepHook } from './step-view.js';

// The only place in src/ui that asks what kind a step is.

/** What Enter does on a step that can be worked now. */
export type EnterAction = 'choose' | 'approve' | 'run' | 'edit-message' | 'done';

/** The tags under which Enter refuses: a hook is failing, unknown or running, or its approval was denied. */
const BLOCKED: ReadonlySet<StepTag> = new Set(['fail', 'unknown', 'run', 'denied']);

/** What Enter does on this step now, or null when it cannot be worked (done, closed, a hook in trouble). */
export function enterAction(step: StepState | undefined, tag: StepTag | undefined, closed: boolean): EnterAction | null {
  if (!step || closed || step.status !== 'pending' || (tag && BLOCKED.has(tag))) return null;
  const by = completionOf(step.spec).by;
  if (by === 'option') return 'choose';
  if (stepHook(step) && missingApprovals(step).length > 0) return 'approve';
  // A notify step's message is edited first; its hook (if any) is fired with that message.
  if (by === 'message') return 'edit-message';
  if (stepHook(step)) return 'run';
  return 'done';
}

/** Why Enter does nothing on this step: said on the status line. */
export function enterRefusal(state: IncidentState, step: StepState, tag: StepTag | undefined, undoHook: string | null): { text: string; bad: boolean } {
  if (state.status === 'closed') return { text: `${state.id} is closed; S reopens it`, bad: false };
  if (step.status !== 'pending') return { text: `${step.id} is already ${step.status === 'bypassed' ? 'off the path' : step.status}`, bad: false };
  if (tag === 'fail' && isHookStepId(step.id)) return { text: `${stepHook(step)} failed: r runs it again`, bad: true };
  if (tag === 'fail') return { text: `${stepHook(step)} failed: r retry · c record done by hand${undoHook && hasUndoableRun(state, step) ? ' · u undo' : ''}`, bad: true };
  if (tag === 'unknown') return { text: 'the last run has no recorded outcome: c records what happened', bad: true };
  if (tag === 'denied') return { text: `the approval of ${step.id} was denied: R asks for it again`, bad: false };
  return { text: 'the hook is running', bad: false };
}

/** The message a notify step records, rendered from its template with the incident's values now. */
export function notifyMessage(state: IncidentState, step: StepState | undefined, actor: string, now: Date, zone?: string): string | undefined {
  return step ? hookValues(state, step, actor, now.toISOString(), undefined, zone).message : undefined;
}

/** The options of a decision step, as the picker lists them. */
export function decisionOptions(step: StepState): PickItem[] {
  return optionsOf(step.spec).map((o) => ({ id: o.id, label: `${o.id}${o.label ? ` — ${o.label}` : ''}`, hint: o.goto ? `→ ${o.goto}` : undefined }));
}

/** The last run of the step's own hook (on a step not an undo; on an undo's pseudo-step, the undo). */
export function lastStepRun(step: StepState) {
  return ownRuns(step).at(-1);
}

/** Whether `u` has something to undo: the step's last successful run of its own hook, not undone yet. */
export function hasUndoableRun(state: IncidentState, step: StepState): boolean {
  const t = undoTarget(state, step);
  return Boolean(t.run && !t.undoneBy);
}


/** A line the step detail shows for the step's kind. */
export interface KindLine {
  text: string;
  bold?: boolean;
  muted?: boolean;
}

/** What the step detail shows for this kind: a decision's options, a wait's countdown, a notify's message. */
export function kindLines(state: IncidentState, step: StepState, now: Date, message: string | undefined): KindLine[] {
  const spec = step.spec;
  const options = optionsOf(spec);
  if (options.length > 0) {
    return options.map((o, i) => {
      const chosen = step.option === o.id;
      return { text: `${chosen ? '✓' : ' '} ${i + 1}. ${o.id}${o.label ? ` — ${o.label}` : ''}${o.goto ? ` → ${o.goto}` : ''}`, bold: chosen };
    });
  }
  const watch = waitDurationOf(spec);
  if (watch !== null && step.status === 'pending') {
    const ends = waitEndsAt(state, step);
    const left = ends === null ? 0 : ends - now.getTime();
    return [{ text: left > 0 ? `watch ${watch}: ${formatShortDuration(left)} left` : `watch ${watch}: time is up` }];
  }
  const template = messageTemplateOf(spec);
  if (template !== null) {
    const sent = step.status === 'done' && step.text !== undefined;
    return [
      { text: sent ? 'Message sent:' : 'Message (Enter to edit, then record):', muted: true },
      { text: sent ? step.text! : (message ?? template) },
    ];
  }
  return [];
}
