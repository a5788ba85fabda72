import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, constants, fstatSync, linkSync, openSync, readSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Seals the project cache with a key only this user can read (`.aiops/cache-key-UID`, 0600), so a
 * command that acts can tell the cache it wrote itself from one someone else edited: a sealed
 * entry is used as it is, any other is re-checked against the YAML files (cache-recheck.ts), which
 * costs a YAML parse of aiops.yaml, the roster and the playbooks on every command. Someone who can
 * read this user's key can also edit this user's YAML; nobody else can forge a seal, nor plant a
 * key: one not owned by this user, readable by others, or reached through a link is never used.
 */
const KEY_BYTES = 32;

function keyPath(dir: string, uid: number): string {
  return join(dir, `cache-key-${uid}`);
}

/** This user's key in `dir`, or null when there is none this user alone could have written. */
function readKey(dir: string, uid: number): Buffer | null {
  let fd: number;
  try {
    fd = openSync(keyPath(dir, uid), constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return null;
  }
  try {
    // Checked on the open file, so a swap between the check and the read cannot slip a key in.
    const st = fstatSync(fd);
    if (!st.isFile() || st.uid !== uid || (st.mode & 0o077) !== 0 || st.size !== KEY_BYTES) return null;
    const key = Buffer.alloc(KEY_BYTES);
    return readSync(fd, key, 0, KEY_BYTES, 0) === KEY_BYTES ? key : null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** Creates the key if there is none; two processes racing both end up with the one that was linked first. */
function ensureKey(dir: string, uid: number): Buffer | null {
  const existing = readKey(dir, uid);
  if (existing) return existing;
  const tmp = `${keyPath(dir, uid)}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, randomBytes(KEY_BYTES), { mode: 0o600, flag: 'wx' });
    linkSync(tmp, keyPath(dir, uid));
  } catch {
    // Another process linked its key first, or the folder is not writable: read what is there.
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // never created
    }
  }
  return readKey(dir, uid);
}

const macOf = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest();

/** The seal of `text` under this user's key in `dir` (created if needed); undefined where there can be none. */
export function sealText(dir: string, text: string): string | undefined {
  const uid = process.getuid?.();
  if (uid === undefined) return undefined;
  const key = ensureKey(dir, uid);
  return key ? macOf(key, text).toString('hex') : undefined;
}

/** True when `seal` is the seal of `text` under this user's key in `dir`. */
export function isSealed(dir: string, text: string, seal: unknown): boolean {
  const uid = process.getuid?.();
  if (uid === undefined || typeof seal !== 'string' || !/^[0-9a-f]{64}$/.test(seal)) return false;
  const key = readKey(dir, uid);
  return key !== null && timingSafeEqual(macOf(key, text), Buffer.from(seal, 'hex'));
}
