import type { Session } from '../app/session.js';

/** Opens the Ink TUI on an incident; loaded only when stdin and stdout are TTYs. */
export async function openTui(session: Session, incidentId: string): Promise<void> {
  const { runTui } = await import('../ui/run-tui.js');
  await runTui(session, incidentId);
}
