import { useMemo } from 'react';
import { previewHook } from '../../app/incidents.js';
import { messageZone } from '../../app/fire-hook.js';
import type { Session } from '../../app/session.js';
import type { IncidentState, StepState } from '../../core/incident-state.js';
import type { HookSpec } from '../../core/schemas/config.js';
import type { ShownArg } from '../../core/show-argv.js';
import { type Selection, selectedIndex } from '../selection.js';
import { lastStepRun, notifyMessage } from '../step-actions.js';
import { type LocalRun, type StepTag, stepHook, stepTag, unfinishedLooksAlive } from '../step-view.js';

export interface SelectedStep {
  tags: StepTag[];
  stepIndex: number;
  step: StepState | undefined;
  tag: StepTag | undefined;
  hook: string | null;
  hookSpec: HookSpec | undefined;
  argv: string[] | undefined;
  /** The same argv for a reader: a value that is missing is marked, never shown as ''. */
  shown: readonly ShownArg[] | undefined;
  message: string | undefined;
  runAlive: boolean;
}

/** Every step's tag and what the selected step would run or send; derived on every render, so it follows each key. */
export function useSelectedStep(session: Session, state: IncidentState, selection: Selection, now: Date, local: Omit<LocalRun, 'output'> | null): SelectedStep {
  const hooks = session.project.config.hooks;
  const tags = state.steps.map((st) => {
    const h = stepHook(st);
    return stepTag(state, st, now, local ? { ...local, output: '' } : null, h ? hooks?.[h]?.timeout : undefined);
  });
  const stepIndex = selectedIndex(state, selection);
  const step = state.steps[stepIndex];
  const hook = step ? stepHook(step) : null;
  const hookSpec = hook ? hooks?.[hook] : undefined;
  // A preview computed from the state and aiops.yaml: no log read, nothing to await.
  const preview = useMemo(() => (step && hook ? safe(() => previewHook(session, state, step.id)) : undefined), [session, state, step, hook]);
  const argv = preview?.argv;
  const shown = preview?.shown;
  // A message shows {{now}} to the minute: it is worked out again when the minute turns, not on every tick.
  const minute = Math.floor(now.getTime() / 60_000);
  const messageNow = useMemo(() => new Date(minute * 60_000), [minute]);
  const message = useMemo(() => notifyMessage(state, step, session.actor, messageNow, messageZone(session)), [session, state, step, messageNow]);
  const lastRun = step ? lastStepRun(step) : undefined;
  const runAlive = Boolean(lastRun && !lastRun.finished && unfinishedLooksAlive(lastRun, now, hookSpec?.timeout));
  return { tags, stepIndex, step, tag: tags[stepIndex], hook, hookSpec, argv, shown, message, runAlive };
}

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
