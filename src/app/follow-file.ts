import { type FSWatcher, watch } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

/** A break in a followed path: what comes after it is another file, or the same one read again, from its first byte. */
export interface FileTurn {
  turn: 'rotated' | 'truncated';
}

/** What following tells besides the bytes: each turn as it is taken, and a path gone with nothing in its place yet. */
export type FollowNotice = FileTurn['turn'] | 'gone';

export interface FollowOptions {
  /** Told once of each turn, and once each time the path stays gone for a poll or two. */
  onNotice?(notice: FollowNotice): void;
  /** How often the path is looked at besides the wake-ups fs.watch gives (default 1000 ms, like tail -F). */
  pollMs?: number;
  /** Calls `tick` every `ms` until the returned stop is called (default setInterval; tests tick their own). */
  every?(ms: number, tick: () => void): () => void;
}

export const isFileTurn = (chunk: unknown): chunk is FileTurn => typeof chunk === 'object' && chunk !== null && !Buffer.isBuffer(chunk) && 'turn' in chunk;

/** The line watch and serve print for a notice about `file` (as the user named it). */
export function followNoticeText(file: string, notice: FollowNotice): string {
  if (notice === 'rotated') return `${file}: rotated (a new file at that path); reading it from the start`;
  if (notice === 'truncated') return `${file}: truncated; reading it again from the start`;
  return `${file}: gone (moved or deleted); waiting for a file at that path`;
}

const everyInterval = (ms: number, tick: () => void) => {
  const timer = setInterval(tick, ms);
  return () => clearInterval(timer);
};

/** fs.watch, or null where it cannot watch (no inotify watches left, say): the polls still look. */
function watchQuietly(path: string, onEvent: (filename: string | null) => void): FSWatcher | null {
  try {
    const watcher = watch(path, (_event, filename) => onEvent(filename));
    return watcher.on('error', () => watcher.close());
  } catch {
    return null;
  }
}

interface Followed {
  fh: FileHandle;
  dev: number;
  ino: number;
  watcher: FSWatcher | null;
}

async function openFollowed(path: string, onChange: () => void): Promise<Followed> {
  const fh = await open(path, 'r');
  const { dev, ino } = await fh.stat();
  // The file's own watcher keeps waking for it after a rename, while what the writer still appends is read.
  return { fh, dev, ino, watcher: watchQuietly(path, onChange) };
}

async function closeFollowed(f: Followed): Promise<void> {
  f.watcher?.close();
  await f.fh.close();
}

const missing = (err: unknown) => ['ENOENT', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '');

/**
 * A file's bytes as they are written, like `tail -F` from the start, until `signal` aborts: reads to the end,
 * then waits for a change (fs.watch on the file and its directory, and a poll every `pollMs`). When the file
 * got shorter than what was read (truncated) it is read again from its start; when the path names another
 * file (rotated) the old one is read to its end and the new one from its start. Each yields a FileTurn
 * before the bytes that follow it. A path gone is waited for.
 */
export async function* followFile(path: string, signal: AbortSignal, opts: FollowOptions = {}): AsyncGenerator<Buffer | FileTurn> {
  let wake: (() => void) | null = null;
  let changed = true;
  let ticks = 0;
  const poke = () => {
    changed = true;
    wake?.();
  };
  let current = await openFollowed(path, poke);
  const name = basename(path);
  const dirWatcher = watchQuietly(dirname(path), (filename) => (filename === null || filename === name) && poke());
  const stopTicks = (opts.every ?? everyInterval)(opts.pollMs ?? 1000, () => {
    ticks++;
    poke();
  });
  signal.addEventListener('abort', poke);
  const buf = Buffer.alloc(1 << 16);
  let pos = 0;
  async function* toEnd(): AsyncGenerator<Buffer> {
    for (;;) {
      const { bytesRead } = await current.fh.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) return;
      pos += bytesRead;
      yield Buffer.from(buf.subarray(0, bytesRead));
    }
  }
  // The tick count when the path was first found gone; said once it has stayed gone for a whole poll,
  // so a rotation's moment between the rename and the new file says nothing.
  let goneSince: number | null = null;
  let goneSaid = false;
  try {
    while (!signal.aborted) {
      if (!changed) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      changed = false;
      yield* toEnd();
      if ((await current.fh.stat()).size < pos) {
        pos = 0;
        opts.onNotice?.('truncated');
        yield { turn: 'truncated' };
        changed = true;
        continue;
      }
      const there = await stat(path).catch((err: unknown) => {
        if (missing(err)) return null;
        throw err;
      });
      if (!there) {
        goneSince ??= ticks;
        if (!goneSaid && ticks - goneSince >= 2) {
          goneSaid = true;
          opts.onNotice?.('gone');
        }
        continue;
      }
      goneSince = null;
      if (there.dev === current.dev && there.ino === current.ino) continue;
      // What the writer appended to the old file before the switch counts.
      yield* toEnd();
      const next = await openFollowed(path, poke).catch((err: unknown) => {
        if (missing(err)) return null;
        throw err;
      });
      if (!next) continue;
      await closeFollowed(current);
      current = next;
      pos = 0;
      goneSaid = false;
      opts.onNotice?.('rotated');
      yield { turn: 'rotated' };
      changed = true;
    }
  } finally {
    signal.removeEventListener('abort', poke);
    stopTicks();
    dirWatcher?.close();
    await closeFollowed(current);
  }
}
