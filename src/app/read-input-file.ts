import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { MAX_YAML_BYTES, positionOf, type Problem } from '../core/yaml-source.js';

/**
 * Reads a text file a user handed us, refusing what is not a regular UTF-8 file of sane size
 * before reading it whole: directories, FIFOs and devices, symlink loops, huge files, UTF-16,
 * bytes that are not UTF-8.
 */
export function readInputFile(file: string, maxBytes = MAX_YAML_BYTES): { text?: string; bytes?: Buffer; problem?: Problem } {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not hang waiting for a writer; fstat then refuses it.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    return { problem: { file, message: describeOpenError(err) } };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      return { problem: { file, message: st.isDirectory() ? 'is a directory, not a file' : 'not a regular file (a FIFO, socket or device)' } };
    }
    if (st.size > maxBytes) {
      return { problem: { file, message: `file is ${st.size} bytes; aiops reads input files up to ${maxBytes} bytes` } };
    }
    const buf = Buffer.alloc(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    const bytes = buf.subarray(0, off);
    if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
      return { problem: { file, line: 1, col: 1, message: 'file is UTF-16; save it as UTF-8' } };
    }
    let text = bytes.toString('utf8');
    const invalid = firstInvalidUtf8(text, bytes);
    if (invalid !== undefined) {
      return { problem: { file, ...positionOf(text, invalid), message: 'file is not valid UTF-8; save it as UTF-8' } };
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    // `bytes`: the file exactly as read, byte order mark included (evidence keeps what was given).
    return { text, bytes };
  } finally {
    closeSync(fd);
  }
}

/** Index in `text` of the first U+FFFD that the decoder substituted for bytes that are not UTF-8. */
function firstInvalidUtf8(text: string, bytes: Buffer): number | undefined {
  for (let i = text.indexOf('\ufffd'); i >= 0; i = text.indexOf('\ufffd', i + 1)) {
    const at = Buffer.byteLength(text.slice(0, i), 'utf8');
    if (bytes[at] !== 0xef || bytes[at + 1] !== 0xbf || bytes[at + 2] !== 0xbd) return i;
  }
  return undefined;
}

function describeOpenError(err: unknown): string {
  const code = (err as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return 'file not found';
    case 'ELOOP':
      return 'cannot read: symbolic link loop';
    case 'EACCES':
      return 'cannot read: permission denied';
    case 'EISDIR':
      return 'is a directory, not a file';
    default:
      return `cannot read: ${(err as Error).message}`;
  }
}
