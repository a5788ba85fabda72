import type { Session } from '../app/session.js';

/** Opens the Ink TUI on an incident; loaded only when stdin and stdout are TTYs. */
export async function openTui(session: Session, incidentId: string): Promise<void> {
  const { runTui } = await loadTui();
  // The resume line names aiops as it was run here (on the PATH, npx, or node with its path).
  const { invocation } = await import('./invocation.js');
  await runTui(session, incidentId, { command: invocation(process.env, process.cwd()) });
}

/**
 * React picks its build when first loaded, from NODE_ENV: unset, it loads the development build,
 * which keeps debug records on every element and fiber (~10 MB more at the first frame of a long
 * incident). The shipped TUI takes the production build unless NODE_ENV says otherwise; the
 * variable is put back at once, so hooks the TUI fires see the environment they were given.
 */
async function loadTui(): Promise<typeof import('../ui/run-tui.js')> {
  const given = process.env.NODE_ENV;
  if (given === undefined) process.env.NODE_ENV = 'production';
  try {
    return await import('../ui/run-tui.js');
  } finally {
    if (given === undefined) delete process.env.NODE_ENV;
  }
}
