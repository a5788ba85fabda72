import type { Command } from '../core/decide.js';
import { OperationFailed } from '../core/errors.js';
import type { IncidentState } from '../core/incident-state.js';
import { type Committed, decideCommand, runCommand, type RunOptions } from './pipeline.js';
import { liveVersions, readInventory } from './inventory.js';
import { loadIncident } from './live-incident.js';
import type { Session } from './session.js';

export type ActResult = Committed<null>;

/**
 * Decides a command on the latest state and appends its events through the one pipeline: a
 * command decided on stale state is decided again; a policy refusal is itself logged, then
 * thrown; bad input writes nothing.
 */
export async function act(session: Session, incidentId: string, cmd: Command, opts: RunOptions = {}): Promise<ActResult> {
  if (cmd.kind === 'status' && cmd.duplicateOf && cmd.duplicateOf !== incidentId) {
    const of = cmd.duplicateOf;
    // The incident it would duplicate, read as each attempt decides: it must not be a duplicate itself.
    return runCommand(session, incidentId, async (state, on) => {
      const target = await loadIncident(session, of);
      return decideCommand(on, state, { ...cmd, target: { status: target.status, duplicateOf: target.duplicateOf } });
    }, opts);
  }
  if (cmd.kind === 'edit' && cmd.service !== undefined) {
    // A new service re-pins the incident to that service's inventory, read as each attempt decides.
    return runCommand(session, incidentId, async (state, on) => decideCommand(on, state, { ...cmd, inventory: await readInventory(session.log) }), opts);
  }
  if (cmd.kind !== 'approve') return runCommand(session, incidentId, (state, on) => decideCommand(on, state, cmd), opts);
  // Every approval records the service's versions live at that moment (issue 19).
  return runCommand(session, incidentId, async (state, on) => {
    const inventory = await liveVersions(session.log, state.service);
    return decideCommand(on, state, inventory ? { ...cmd, inventory } : cmd);
  }, opts);
}

/** Logs what the clock says is newly overdue (once per step) and returns the fresh state. */
export async function refreshIncident(session: Session, incidentId: string): Promise<IncidentState> {
  try {
    return (await act(session, incidentId, { kind: 'tick' })).state;
  } catch (err) {
    if (err instanceof OperationFailed) return loadIncident(session, incidentId);
    throw err;
  }
}
