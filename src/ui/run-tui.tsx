import { render } from 'ink';
import type { Session } from '../app/session.js';
import { readLiveIncident } from './hooks/use-live-incident.js';
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
  /** How this aiops is run (`aiops`, `npx aiops`, `node /path/bin/aiops.js`), for the resume line. */
  command?: string;
}

/** Opens the incident screen on the terminal and resolves when the user has left it. */
export async function runTui(session: Session, incidentId: string, options: TuiOptions = {}): Promise<void> {
  const env = options.env ?? process.env;
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const initial = await readLiveIncident(session, incidentId);
  const drill = options.drill ?? (initial.live.state.drill ? await drillControls(session, incidentId) : undefined);
  let interrupted = false;
  const app = render(
    <IncidentApp
      session={session}
      incidentId={incidentId}
      cwd={options.cwd ?? process.cwd()}
      {...(options.command ? { command: options.command } : {})}
      noColor={noColor}
      drill={drill}
      initial={initial}
      onInterrupted={() => (interrupted = true)}
    />,
    // Ctrl-C is the screen's (use-ctrl-c.ts): a running hook is stopped and recorded, not abandoned.
    { exitOnCtrlC: false, patchConsole: false },
  );
  // The screen's last frame is the one-line "left INC-… (status)" message.
  await app.waitUntilExit();
  // As a shell reports a command ended by Ctrl-C.
  if (interrupted) process.exitCode = 130;
}

/** A drill's injects are delivered on every tick, and the banner counts down to the next one. */
export async function drillControls(session: Session, incidentId: string): Promise<DrillControls> {
  const { drillStatus } = await import('../app/drills.js');
  let next: Date | null = null;
  const tick = async () => {
    const status = await drillStatus(session, incidentId);
    // The inject's instant on the drill clock: the banner counts down to it on the incident's clock, which a pause holds.
    next = status.next ? new Date(Date.parse(status.state.openedAt) + status.next.atMs) : null;
  };
  await tick();
  return { tick, nextInjectAt: () => next };
}
