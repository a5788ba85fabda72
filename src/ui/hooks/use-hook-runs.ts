import { type MutableRefObject, useRef, useState } from 'react';
import type { StepState } from '../../core/incident-state.js';
import { type LocalRun, stepHook } from '../step-view.js';
import type { Actions, Notice } from './use-actions.js';

export type HookWork = (onOutput: (chunk: string) => void) => Promise<Notice | string>;

export interface HookRunsHandle {
  /** The hook this screen is running now, if any. */
  local: Omit<LocalRun, 'output'> | null;
  /** Its output so far (the last 16 kB), read at render. */
  output: MutableRefObject<string>;
  /** Runs an app call that fires a hook, showing it as running with its live output meanwhile. */
  run(st: StepState, label: string, argv: string[] | undefined, work: HookWork): void;
}

/** A hook run started from this screen: shown as RUN with its output until the app call returns. */
export function useHookRuns(actions: Actions): HookRunsHandle {
  const [local, setLocal] = useState<Omit<LocalRun, 'output'> | null>(null);
  const output = useRef('');
  const run: HookRunsHandle['run'] = (st, label, argv, work) => {
    actions.run(label, async () => {
      output.current = '';
      setLocal({ step: st.id, hook: stepHook(st) ?? '?', argv: argv ?? [], startedAt: Date.now() });
      try {
        return await work((chunk) => {
          output.current = (output.current + chunk).slice(-16_000);
        });
      } finally {
        setLocal(null);
      }
    });
  };
  return { local, output, run };
}
