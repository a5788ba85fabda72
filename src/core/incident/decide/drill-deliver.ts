import type { IncidentState } from '../../incident-state.js';
import { newEvent } from '../new-event.js';
import type { CommandOf, DecideContext } from './command.js';
import { accept, type Decision, invalid } from './decision.js';

/** Logs the drill injects whose time has come, each once, as the drill (not a person), stamped at their drill time when given. */
export function decideDrillDeliver(state: IncidentState, cmd: CommandOf<'drill-deliver'>, ctx: DecideContext): Decision {
  if (!state.drill) return invalid('incident.not-drill', { incident: state.id });
  const delivered = new Set(state.injects.map((i) => i.inject));
  const meta = { incidentId: state.id, ts: ctx.now, actor: 'drill', role: null };
  const events = cmd.injects
    .filter((d) => !delivered.has(d.key))
    .map(({ key, inject, ts }) => {
      const source = inject.source ?? inject.from;
      return newEvent('drill.inject', ts ? { ...meta, ts } : meta, {
        inject: key,
        kind: inject.kind,
        ...(source ? { source } : {}),
        summary: inject.summary,
        ...(inject.detail ? { detail: inject.detail } : {}),
        at: inject.at,
        ...(inject.fail ? { fail: inject.fail } : {}),
      });
    });
  return accept(events, null);
}
