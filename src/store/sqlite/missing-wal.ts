import { closeSync, openSync, readSync, statSync } from 'node:fs';

const WAL_HEADER_BYTES = 32;
const FRAME_HEADER_BYTES = 24;

/**
 * Whether the log's shared-memory index says the WAL holds committed frames that the -wal file no
 * longer has: confirmed events deleted with it (or cut from it). Read from the files before
 * SQLite opens them, since opening runs recovery and rebuilds the index from what is left.
 * Returns a warning to show, or null when the WAL is as expected (or there is none to expect).
 */
export function missingWalWarning(path: string): string | null {
  const index = readIndexHeader(`${path}-shm`);
  if (!index || index.frames === 0) return null;
  const expected = WAL_HEADER_BYTES + index.frames * (index.pageSize + FRAME_HEADER_BYTES);
  let size: number | null;
  try {
    size = statSync(`${path}-wal`).size;
  } catch {
    size = null;
  }
  if (size !== null && size >= expected) return null;
  const what = size === null ? 'is missing' : `holds ${size} bytes`;
  return `the write-ahead log ${path}-wal ${what}, but the log's index records ${index.frames} committed page write(s) in it (${expected} bytes): confirmed events may have been lost with it`;
}

/** The WAL index header's first copy (SQLite's WalIndexHdr, native byte order): initialised, page size, frames. */
function readIndexHeader(shm: string): { pageSize: number; frames: number } | null {
  let fd: number;
  try {
    fd = openSync(shm, 'r');
  } catch {
    return null;
  }
  try {
    const buf = Buffer.alloc(48);
    if (readSync(fd, buf, 0, 48, 0) < 48) return null;
    const le = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
    const u32 = (at: number) => (le ? buf.readUInt32LE(at) : buf.readUInt32BE(at));
    const u16 = (at: number) => (le ? buf.readUInt16LE(at) : buf.readUInt16BE(at));
    if (u32(0) !== 3007000 || buf[12] !== 1) return null;
    const raw = u16(14);
    return { pageSize: raw === 1 ? 65536 : raw, frames: u32(16) };
  } finally {
    closeSync(fd);
  }
}
