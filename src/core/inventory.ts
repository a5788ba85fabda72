import type { EventOf, NewEvent, StoredEvent } from './events.js';
import { INVENTORY_STREAM } from './incident-id.js';
import { newEvent } from './incident/new-event.js';

/** The versions kept per service (issue 19): model, prompt template, tool set, policy. */
export const INVENTORY_FIELDS = ['model', 'prompt', 'tools', 'policy'] as const;
export type InventoryField = (typeof INVENTORY_FIELDS)[number];

export type Versions = Partial<Record<InventoryField, string>>;

/** One service's inventory as an incident pins it at start, and as hooks see it (`{{inventory.prompt.previous}}`). */
export interface InventorySnapshot {
  service: string;
  live: Versions;
  previous: Versions;
  /** The inventory changes of the 24 h before the snapshot, oldest first (the postmortem shows them). */
  recent: InventoryChange[];
}

/** One `inventory set` as history shows it: who changed what, from what, when, and why. */
export interface InventoryChange {
  seq: number;
  ts: string;
  actor: string;
  service: string;
  set: Versions;
  previous: Versions;
  reason: string;
}

export interface ServiceInventory {
  service: string;
  live: Versions;
  previous: Versions;
  history: InventoryChange[];
}

/** How far back an incident's snapshot lists inventory changes. */
export const RECENT_CHANGES_MS = 24 * 60 * 60 * 1000;

function changeOf(e: EventOf<'inventory.changed'>): InventoryChange {
  return { seq: e.seq, ts: e.ts, actor: e.actor, service: e.payload.service, set: e.payload.set, previous: e.payload.previous, reason: e.payload.reason };
}

/** Every service's inventory after the stream's events (seq order); other event types are passed over. */
export function foldInventory(events: Iterable<StoredEvent>): Map<string, ServiceInventory> {
  const out = new Map<string, ServiceInventory>();
  for (const e of events) {
    if (e.type !== 'inventory.changed') continue;
    const cur = out.get(e.payload.service) ?? { service: e.payload.service, live: {}, previous: {}, history: [] };
    const next: ServiceInventory = { service: cur.service, live: { ...cur.live }, previous: { ...cur.previous }, history: [...cur.history, changeOf(e)] };
    for (const f of INVENTORY_FIELDS) {
      const to = e.payload.set[f];
      if (to === undefined) continue;
      if (cur.live[f] !== undefined) next.previous[f] = cur.live[f];
      next.live[f] = to;
    }
    out.set(next.service, next);
  }
  return out;
}

/** The service's inventory as an incident opened at `now` pins it; undefined when nothing was ever set for it. */
export function snapshotInventory(inventory: ReadonlyMap<string, ServiceInventory>, service: string, now: string): InventorySnapshot | undefined {
  const svc = inventory.get(service);
  if (!svc) return undefined;
  const since = Date.parse(now) - RECENT_CHANGES_MS;
  const recent = svc.history.filter((c) => Date.parse(c.ts) >= since && Date.parse(c.ts) <= Date.parse(now));
  return { service, live: { ...svc.live }, previous: { ...svc.previous }, recent };
}

/**
 * Template values of a snapshot: `inventory.FIELD.live` / `.previous`. A version the incident did not
 * pin is the word itself (`previous`, `live`): the hook's own script decides, as before the inventory.
 */
export function inventoryTemplateValues(snap: InventorySnapshot | undefined): Record<InventoryField, { live: string; previous: string }> {
  const out = {} as Record<InventoryField, { live: string; previous: string }>;
  for (const f of INVENTORY_FIELDS) out[f] = { live: snap?.live[f] ?? 'live', previous: snap?.previous[f] ?? 'previous' };
  return out;
}

/** `event` null: every version given is live already, and nothing is written (a deploy job may run twice). */
export type InventoryDecision = { ok: true; event: NewEvent | null; unchanged: InventoryField[] } | { ok: false; message: string; hint?: string };

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The longest version and service name an inventory takes, in characters. */
const MAX_VERSION_CHARS = 500;
const MAX_SERVICE_CHARS = 200;
const QUOTED_CHARS = 60;

/** A value as a refusal quotes it: whole when short, else its first characters and its length, so a 10,000-character paste is not echoed back. */
function quoted(value: string): string {
  if (value.length <= QUOTED_CHARS) return `"${value}"`;
  // Cut between characters, never inside a surrogate pair.
  return `"${Array.from(value.slice(0, QUOTED_CHARS + 1)).slice(0, QUOTED_CHARS).join('')}…" (${value.length} characters)`;
}

/**
 * Decides `inventory set SERVICE field=value… --reason R` on the inventory as it is: fields
 * outside model/prompt/tools/policy, empty or over-long values, control characters and a missing reason are
 * refused; a value already live is not a change; a set that changes nothing is no error and writes nothing.
 */
export function decideInventorySet(
  inventory: ReadonlyMap<string, ServiceInventory>,
  cmd: { service: string; pairs: readonly string[]; reason: string | undefined },
  ctx: { actor: string; now: string },
): InventoryDecision {
  const service = cmd.service.trim();
  if (service.length > MAX_SERVICE_CHARS) return { ok: false, message: `${quoted(cmd.service)} is too long for a service name: at most ${MAX_SERVICE_CHARS} characters`, hint: 'a name like shop-assistant' };
  if (!service || CONTROL.test(service)) return { ok: false, message: `${quoted(cmd.service)} is not a usable service name`, hint: 'a name like shop-assistant' };
  if (!cmd.reason?.trim()) return { ok: false, message: 'a change of versions needs a reason' };
  if (cmd.pairs.length === 0) return { ok: false, message: 'name at least one version to set', hint: `FIELD=VERSION, FIELD one of ${INVENTORY_FIELDS.join(', ')}` };
  const wanted: Versions = {};
  for (const pair of cmd.pairs) {
    const at = pair.indexOf('=');
    const field = at < 0 ? pair : pair.slice(0, at);
    const value = at < 0 ? '' : pair.slice(at + 1);
    if (!(INVENTORY_FIELDS as readonly string[]).includes(field)) {
      return { ok: false, message: `${quoted(field)} is not an inventory field`, hint: `one of ${INVENTORY_FIELDS.join(', ')} (FIELD=VERSION)` };
    }
    if (value.length > MAX_VERSION_CHARS) return { ok: false, message: `${field}: ${quoted(value)} is too long for a version: at most ${MAX_VERSION_CHARS} characters`, hint: `${field}=VERSION, e.g. ${field}=v7` };
    if (!value.trim() || CONTROL.test(value)) return { ok: false, message: `${field}: ${quoted(value)} is not a usable version`, hint: `${field}=VERSION, e.g. ${field}=v7` };
    if (wanted[field as InventoryField] !== undefined) return { ok: false, message: `${field} is given twice` };
    wanted[field as InventoryField] = value;
  }
  const live = inventory.get(service)?.live ?? {};
  const set: Versions = {};
  const previous: Versions = {};
  const unchanged: InventoryField[] = [];
  for (const f of INVENTORY_FIELDS) {
    const to = wanted[f];
    if (to === undefined) continue;
    if (live[f] === to) {
      unchanged.push(f);
      continue;
    }
    set[f] = to;
    if (live[f] !== undefined) previous[f] = live[f];
  }
  if (Object.keys(set).length === 0) return { ok: true, event: null, unchanged };
  const meta = { incidentId: INVENTORY_STREAM, ts: ctx.now, actor: ctx.actor, role: null };
  return { ok: true, event: newEvent('inventory.changed', meta, { service, set, previous, reason: cmd.reason }), unchanged };
}

/** `model m2 → rm2 (real-svc)`: how the live versions an incident pins moved when its service changed. */
export function describeRepin(before: Versions | undefined, after: InventorySnapshot): string {
  const moved = INVENTORY_FIELDS.filter((f) => before?.[f] !== undefined || after.live[f] !== undefined).map((f) => `${f} ${before?.[f] ?? 'none'} → ${after.live[f] ?? 'none'}`);
  return `${moved.length ? moved.join(', ') : 'no versions'} (${after.service})`;
}

/** `model v7 (was v6), prompt p3`: what one change did, for history lines and timelines. */
export function describeChange(c: Pick<InventoryChange, 'set' | 'previous'>): string {
  return INVENTORY_FIELDS.filter((f) => c.set[f] !== undefined)
    .map((f) => `${f} ${c.set[f]}${c.previous[f] !== undefined ? ` (was ${c.previous[f]})` : ''}`)
    .join(', ');
}
