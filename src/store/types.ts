import type { AttachmentRef, EventOf, NewEvent, StoredEvent } from '../core/events.js';

export interface VerifyProblem {
  seq: number;
  incidentId: string | null;
  kind: 'hash-mismatch' | 'broken-link' | 'gap' | 'missing-tail' | 'head-not-found' | 'bad-row';
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  events: number;
  incidentEvents: number | null;
  head: { seq: number; hash: string } | null;
  firstBad: VerifyProblem | null;
  headCheck?: { hash: string; found: boolean; seq: number | null };
}

/**
 * An incident-scoped check (EvidenceStore.readVerifiedIncident): the incident's own events were
 * re-hashed and their links to seq - 1 and seq + 1 checked, and the recorded chain head compared
 * with the log's last row. Other incidents' events were not re-hashed: `verify()` walks the whole chain.
 */
export interface IncidentVerifyReport {
  scope: 'incident';
  ok: boolean;
  /** The incident's events, every one re-hashed. */
  incidentEvents: number;
  /** The recorded chain head (it must be the log's last row). */
  chainHead: { seq: number; hash: string } | null;
  firstBad: VerifyProblem | null;
}

/** What a write transaction may do; reads inside it see every commit before it. */
export interface StoreTx {
  readIncident(id: string): StoredEvent[];
  append(events: NewEvent[]): StoredEvent[];
  putAttachment(data: Uint8Array, name: string): AttachmentRef;
  incidentIdsLike(prefix: string): string[];
}

/** The evidence log behind a small interface; no SQLite types leak out of src/store. */
export interface EvidenceStore {
  readonly path: string;
  append(events: NewEvent[]): StoredEvent[];
  transaction<T>(fn: (tx: StoreTx) => T): T;
  readIncident(id: string, afterSeq?: number): StoredEvent[];
  readSince(seq: number, limit?: number): StoredEvent[];
  lastSeq(incidentId?: string): number;
  openedEvents(): EventOf<'incident.opened'>[];
  incidentEventsOfTypes(types: string[]): StoredEvent[];
  /** One incident's events of these types, in seq order (e.g. every note, without the rest). */
  readIncidentOfTypes(id: string, types: string[]): StoredEvent[];
  putAttachment(data: Uint8Array, name: string): AttachmentRef;
  getAttachment(sha256: string): { name: string; size: number; data: Buffer } | undefined;
  verify(opts?: { incidentId?: string; head?: string }): VerifyReport;
  /** One incident's events, read and checked in one pass (see IncidentVerifyReport for what that proves). */
  readVerifiedIncident(id: string): { events: StoredEvent[]; report: IncidentVerifyReport };
  /** The same check, handing each event to `onEvent` in seq order instead of keeping them all. */
  scanVerifiedIncident(id: string, onEvent: (e: StoredEvent) => void): IncidentVerifyReport;
  close(): void;
}
