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
  putAttachment(data: Uint8Array, name: string): AttachmentRef;
  getAttachment(sha256: string): { name: string; size: number; data: Buffer } | undefined;
  verify(opts?: { incidentId?: string; head?: string }): VerifyReport;
  close(): void;
}
