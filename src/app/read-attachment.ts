import { createHash } from 'node:crypto';
import { OperationFailed, UserError } from '../core/errors.js';
import { openEventLog } from '../store/index.js';

/**
 * The stored bytes of an attachment, exactly as they were given (a raw alert payload keeps its
 * byte order mark), re-hashed: bytes whose sha256 is not the one asked for are never handed out.
 */
export async function readStoredAttachment(dbPath: string, sha256: string): Promise<{ name: string; size: number; data: Buffer }> {
  if (!/^[0-9a-f]{64}$/i.test(sha256)) {
    throw new UserError(`"${sha256}" is not a sha256: give the 64 hex digits an event names (incident show --json, evidence export)`);
  }
  const log = await openEventLog(dbPath, { readonly: true });
  try {
    const got = await log.getAttachment(sha256.toLowerCase());
    if (!got) throw new UserError(`no attachment ${sha256} in ${dbPath}`);
    const actual = createHash('sha256').update(got.data).digest('hex');
    if (actual !== sha256.toLowerCase()) throw new OperationFailed(`attachment ${sha256} in ${dbPath} is damaged: its bytes hash to ${actual}`);
    return got;
  } finally {
    await log.close();
  }
}
