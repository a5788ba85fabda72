import { existsSync } from 'node:fs';
import { UserError } from '../core/errors.js';
import type { NewEvent } from '../core/events.js';
import { openStore } from './sqlite-store.js';
import type { EventLog, OpenLogOptions } from './types.js';

/** Whether a log exists at a location (a read of a missing log is an error; a listing of one is empty). */
export async function logExists(location: string): Promise<boolean> {
  return existsSync(location);
}

/** Opens the evidence log at a location. */
export async function openEventLog(location: string, opts: OpenLogOptions = {}): Promise<EventLog> {
  if (!opts.create && !existsSync(location)) throw new UserError(`no evidence log at ${location}`, { hint: 'start an incident first, or pass --db PATH' });
  const s = openStore(location, { readonly: opts.readonly, busyTimeoutMs: opts.busyTimeoutMs });
  return {
    location,
    append: async (events: readonly NewEvent[], expect) =>
      s.transaction((tx) => {
        const last = s.lastSeq(expect.incidentId);
        if (last !== expect.lastSeq) return { ok: false as const, reason: 'conflict' as const, lastSeq: last };
        return { ok: true as const, events: tx.append([...events]) };
      }),
    readIncident: async (id, r = {}) => {
      let out = s.readIncident(id, r.afterSeq ?? 0);
      if (r.beforeSeq !== undefined) out = out.filter((e) => e.seq < r.beforeSeq!);
      if (r.types) out = out.filter((e) => r.types!.includes(e.type));
      if (r.limit !== undefined) out = r.newestFirst ? out.slice(-r.limit) : out.slice(0, r.limit);
      return out;
    },
    incidentLastSeq: async (id) => s.lastSeq(id),
    head: async () => {
      const e = s.readSince(s.lastSeq() - 1, 1)[0];
      return e ? { seq: e.seq, hash: e.hash } : null;
    },
    openedEvents: async () => s.openedEvents(),
    eventsOfTypes: async (types) => s.incidentEventsOfTypes([...types]),
    incidentIdsLike: async (prefix) => s.transaction((tx) => tx.incidentIdsLike(prefix)),
    readSince: async (seq, limit) => s.readSince(seq, limit),
    putAttachment: async (data, name) => s.putAttachment(data, name),
    getAttachment: async (sha) => s.getAttachment(sha),
    verify: async (o) => s.verify(o),
    readVerifiedIncident: async (id) => s.readVerifiedIncident(id),
    scanVerifiedIncident: async (id, on) => s.scanVerifiedIncident(id, on),
    close: async () => s.close(),
  };
}

export { openStore, storageError } from './sqlite-store.js';
export type { AppendExpectation, AppendResult, EventLog, IncidentRead, IncidentVerifyReport, OpenLogOptions, VerifyProblem, VerifyReport } from './types.js';
