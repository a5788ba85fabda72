import type { Session } from '../app/session.js';
import type { IncidentState, StepState } from '../core/incident-state.js';
import type { HookSpec } from '../core/schemas/config.js';
import type { Actions, Notice } from './hooks/use-actions.js';
import type { HookRunsHandle } from './hooks/use-hook-runs.js';
import type { OverlayHandle } from './hooks/use-overlay.js';
import type { StepTag } from './step-view.js';
import type { ShownArg } from './show-argv.js';

/** What the key handlers work on: the incident as shown, the selected step, and the screen's tools. */
export interface Screen {
  session: Session;
  incidentId: string;
  state: IncidentState;
  step: StepState | undefined;
  tag: StepTag | undefined;
  /** The selected step's hook and its aiops.yaml entry. */
  hook: string | null;
  hookSpec: HookSpec | undefined;
  /** The argv the selected step's hook would run now. */
  argv: string[] | undefined;
  /** That argv for a reader, a value that is missing marked as such. */
  shown: readonly ShownArg[] | undefined;
  /** A notify step's message rendered from its template. */
  message: string | undefined;
  actions: Actions;
  overlay: OverlayHandle;
  runs: HookRunsHandle;
  say(text: string, tone?: Notice['tone']): void;
}
