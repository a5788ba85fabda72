import { watch } from 'node:fs';
import { open } from 'node:fs/promises';

/**
 * A file's bytes as they are written, like `tail -f` from the start: reads to the end, then waits for the
 * file to change (fs.watch, no polling interval) and reads what was appended, until `signal` aborts.
 */
export async function* followFile(path: string, signal: AbortSignal): AsyncGenerator<Buffer> {
  const fh = await open(path, 'r');
  let wake: (() => void) | null = null;
  let changed = true;
  const watcher = watch(path, () => {
    changed = true;
    wake?.();
  });
  const onAbort = () => wake?.();
  signal.addEventListener('abort', onAbort);
  try {
    const buf = Buffer.alloc(1 << 16);
    let pos = 0;
    while (!signal.aborted) {
      if (!changed) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      changed = false;
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
        if (bytesRead === 0) break;
        pos += bytesRead;
        yield Buffer.from(buf.subarray(0, bytesRead));
      }
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    watcher.close();
    await fh.close();
  }
}
