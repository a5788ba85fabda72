import { appendFileSync, closeSync, constants, openSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { OperationFailed, UserError } from '../core/errors.js';

const HASH = /\b[0-9a-f]{64}\b/gi;

/**
 * Appends `seq hash` to the head file a user keeps (AIOPS_HEAD_FILE): one line per command that
 * wrote, so a later `evidence verify --head FILE` finds truncation or a rewrite. The file should
 * live where the log's writers cannot edit it; aiops only ever appends, creating it 0600.
 */
export function recordHead(file: string, head: { seq: number; hash: string }): void {
  try {
    // O_NOFOLLOW: a symlink planted at the path is not followed into another file.
    closeSync(openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_NOFOLLOW | constants.O_NONBLOCK, 0o600));
    appendFileSync(file, `${head.seq} ${head.hash}\n`);
  } catch (err) {
    // The event is committed: a failure here is a failed write (exit 1), never "nothing written" (exit 2),
    // so a script that retries on 2 does not append the event twice.
    throw new OperationFailed(`the event was written, but its head could not be recorded in AIOPS_HEAD_FILE ${file}: ${(err as Error).message}`, {
      hint: `keep it by hand: seq ${head.seq} ${head.hash}`,
      cause: err,
    });
  }
}

/** A `--head` value: a 64-hex hash, or a file holding kept heads (its last hash is the newest). */
export function keptHeadFrom(cwd: string, value: string): string {
  if (/^[0-9a-f]{64}$/i.test(value)) return value;
  let text: string;
  try {
    text = readFileSync(resolve(cwd, value), 'utf8');
  } catch {
    throw new UserError(`--head wants the full 64-character sha256 hex of a head you kept, or a file holding it; got "${value}"`, {
      hint: 'take `head` from `aiops evidence head`, the first line of an `aiops evidence export`, or the file AIOPS_HEAD_FILE names',
    });
  }
  const hashes = text.match(HASH);
  if (!hashes) throw new UserError(`--head ${value}: the file holds no 64-character sha256 hex head`);
  return hashes[hashes.length - 1]!;
}
