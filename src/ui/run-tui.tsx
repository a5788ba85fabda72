import { render } from 'ink';
import type { Session } from '../app/session.js';
import type { IncidentStatus } from '../core/events.js';
import IncidentApp, { type DrillControls } from './components/IncidentApp.js';

export type { DrillControls } from './components/IncidentApp.js';
export { default as IncidentApp } from './components/IncidentApp.js';
export { default as DrillBanner } from './components/DrillBanner.js';

export interface TuiOptions {
  /** Where note attachment paths are resolved from (default: the process's working directory). */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** `aiops drill` passes its inject countdown and delivery here. */
  drill?: DrillControls;
}

/** Opens the incident screen on the terminal and resolves when the user has left it. */
export async function runTui(session: Session, incidentId: string, options: TuiOptions = {}): Promise<void> {
  const env = options.env ?? process.env;
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  let leftAs: IncidentStatus | null = null;
  const app = render(
    <IncidentApp
      session={session}
      incidentId={incidentId}
      cwd={options.cwd ?? process.cwd()}
      noColor={noColor}
      drill={options.drill}
      onLeave={(status) => {
        leftAs = status;
      }}
    />,
    { exitOnCtrlC: true, patchConsole: false },
  );
  await app.waitUntilExit();
  if (leftAs) process.stdout.write(`left ${incidentId} (${leftAs}); resume with: aiops incident resume ${incidentId}\n`);
}
