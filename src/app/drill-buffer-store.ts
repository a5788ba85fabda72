import { OperationFailed } from '../core/errors.js';
import type { EventOf, NewEvent, StoredEvent } from '../core/events.js';
import type { EvidenceStore, StoreTx } from '../store/index.js';

/**
 * An evidence store that keeps one unattended drill's events in memory and commits them to
 * the real log in a single transaction at the end: an --auto run is all or nothing, and it
 * costs one fsync instead of one per scripted action. Everything else reads through.
 */
export interface BufferedDrillStore extends EvidenceStore {
  /** Appends the buffered events to the real log in one transaction; returns them as stored. */
  flush(): StoredEvent[];
}

export function bufferDrillStore(real: EvidenceStore): BufferedDrillStore {
  const buffered: StoredEvent[] = [];
  let incident: string | null = null;
  const base = real.lastSeq();
  const mine = (id: string | undefined) => id !== undefined && id === incident;

  const tx: StoreTx = {
    readIncident: (id) => (mine(id) ? buffered.slice() : real.readIncident(id)),
    append: (events) =>
      events.map((e) => {
        if (incident === null) incident = e.incidentId;
        if (e.incidentId !== incident) throw new OperationFailed(`internal: a buffered drill wrote to ${e.incidentId}`);
        const stored = { ...e, seq: base + buffered.length + 1, prevHash: '', hash: '' } as StoredEvent;
        buffered.push(stored);
        return stored;
      }),
    putAttachment: (data, name) => real.putAttachment(data, name),
    incidentIdsLike: (prefix) => real.transaction((t) => t.incidentIdsLike(prefix)),
  };

  return {
    path: real.path,
    append: (events) => tx.append(events),
    transaction<T>(fn: (t: StoreTx) => T): T {
      const mark = buffered.length;
      try {
        return fn(tx);
      } catch (err) {
        buffered.length = mark;
        throw err;
      }
    },
    readIncident: (id, afterSeq = 0) => (mine(id) ? buffered.filter((e) => e.seq > afterSeq) : real.readIncident(id, afterSeq)),
    readSince: (seq, limit) => [...real.readSince(seq, limit), ...buffered.filter((e) => e.seq > Math.max(seq, base))].slice(0, limit ?? Number.MAX_SAFE_INTEGER),
    lastSeq: (id) => (id === undefined ? base + buffered.length : mine(id) ? (buffered.at(-1)?.seq ?? 0) : real.lastSeq(id)),
    openedEvents: () => [...real.openedEvents(), ...buffered.filter((e): e is EventOf<'incident.opened'> => e.type === 'incident.opened')],
    readIncidentOfTypes: (id, types) => (mine(id) ? buffered.filter((e) => types.includes(e.type)) : real.readIncidentOfTypes(id, types)),
    incidentEventsOfTypes: (types) => [...real.incidentEventsOfTypes(types), ...buffered.filter((e) => types.includes(e.type))],
    putAttachment: (data, name) => real.putAttachment(data, name),
    getAttachment: (sha) => real.getAttachment(sha),
    verify: (opts) => real.verify(opts),
    readVerifiedIncident: (id) => real.readVerifiedIncident(id),
    scanVerifiedIncident: (id, onEvent) => real.scanVerifiedIncident(id, onEvent),
    close: () => real.close(),
    flush(): StoredEvent[] {
      if (buffered.length === 0) return [];
      const id = incident!;
      return real.transaction((t) => {
        if (t.incidentIdsLike(id).includes(id)) {
          throw new OperationFailed(`another process opened ${id} while this drill ran; nothing was recorded`, { hint: 'run the drill again' });
        }
        const fresh: NewEvent[] = buffered.map(({ seq: _seq, prevHash: _p, hash: _h, ...e }) => e as NewEvent);
        return t.append(fresh);
      });
    },
  };
}
