import { UserError } from '../core/errors.js';
import { INVENTORY_STREAM } from '../core/incident-id.js';
import { decideInventorySet, foldInventory, type InventoryChange, type InventoryField, type ServiceInventory, type Versions } from '../core/inventory.js';
import type { EventLog } from '../store/index.js';
import { runStreamCommand } from './pipeline.js';
import type { Session } from './session.js';

/** Every service's version inventory, folded from the log's inventory stream (read by its index). */
export async function readInventory(log: Pick<EventLog, 'readIncident'>): Promise<Map<string, ServiceInventory>> {
  return foldInventory(await log.readIncident(INVENTORY_STREAM));
}

/** The versions live for one service now; undefined when none was ever set. */
export async function liveVersions(log: Pick<EventLog, 'readIncident'>, service: string): Promise<Versions | undefined> {
  const live = (await readInventory(log)).get(service)?.live;
  return live && Object.keys(live).length ? live : undefined;
}

export interface InventorySetResult {
  /** null: every version given was live already; nothing was written. */
  change: InventoryChange | null;
  /** Fields given with the version already live: not part of the change. */
  unchanged: InventoryField[];
}

/** `aiops inventory set SERVICE field=version… --reason R`: one inventory.changed in the evidence chain, or none when every version given is live already. */
export async function setInventory(session: Session, service: string, pairs: readonly string[], reason: string | undefined): Promise<InventorySetResult> {
  if (!reason?.trim()) throw new UserError('say why the versions change: --reason TEXT', { hint: 'e.g. --reason "deploy 2026-12-03.2"' });
  const { events, value } = await runStreamCommand(session, INVENTORY_STREAM, (stream, on) => {
    const d = decideInventorySet(foldInventory(stream), { service, pairs, reason }, { actor: on.actor, now: on.clock.now().toISOString() });
    if (!d.ok) return { kind: 'invalid', message: d.message, ...(d.hint ? { hint: d.hint } : {}) };
    return { kind: 'append', events: d.event ? [d.event] : [], value: d.unchanged };
  });
  const e = events[0];
  if (!e) return { change: null, unchanged: value };
  if (e.type !== 'inventory.changed') throw new Error('setInventory: the append returned another event');
  return { change: { seq: e.seq, ts: e.ts, actor: e.actor, service: e.payload.service, set: e.payload.set, previous: e.payload.previous, reason: e.payload.reason }, unchanged: value };
}
