import type { VerifyProblem } from '../types.js';

/** The recorded chain head against the log's last row: truncated, extended or replaced outside aiops. */
export function compareRecordedHead(head: { seq: number; hash: string } | undefined, last: { seq: number; hash: string } | null): VerifyProblem | null {
  if (!head) {
    return last
      ? { seq: last.seq, incidentId: null, kind: 'missing-tail', message: 'the recorded chain head is missing' }
      : null;
  }
  if (!last || last.seq < head.seq) {
    const from = (last?.seq ?? 0) + 1;
    return {
      seq: from,
      incidentId: null,
      kind: 'missing-tail',
      message: `the chain ends at seq ${last?.seq ?? 0} but seq ${head.seq} was recorded as written: seq ${from}..${head.seq} are missing (truncated)`,
    };
  }
  if (last.seq > head.seq) {
    return {
      seq: head.seq + 1,
      incidentId: null,
      kind: 'broken-link',
      message: `the log goes on to seq ${last.seq} but its recorded head is seq ${head.seq}: ${last.seq === head.seq + 1 ? `seq ${last.seq} was` : `seq ${head.seq + 1}..${last.seq} were`} added outside aiops`,
    };
  }
  if (last.hash !== head.hash) {
    return {
      seq: head.seq,
      incidentId: null,
      kind: 'broken-link',
      message: `seq ${last.seq} hashes to ${short(last.hash)} but the recorded head says ${short(head.hash)}: the row or the recorded head was replaced outside aiops`,
    };
  }
  return null;
}

/** The first 12 hex digits of a hash, enough to tell two apart in a message. */
function short(hash: string): string {
  return hash.length > 12 ? `${hash.slice(0, 12)}…` : hash;
}
