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
  if (last.seq > head.seq || last.hash !== head.hash) {
    return {
      seq: head.seq + (last.seq > head.seq ? 1 : 0),
      incidentId: null,
      kind: 'broken-link',
      message: `the chain head (seq ${last.seq}) differs from the recorded head (seq ${head.seq}): rows were added or replaced outside aiops`,
    };
  }
  return null;
}
