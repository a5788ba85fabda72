import { type Key, useInput } from 'ink';
import { createContext, useCallback, useContext, useEffect, useRef, useState, type MutableRefObject } from 'react';
import { type KeyPress, splitBurst, splitText } from '../key-burst.js';

export type KeyHandler = (input: string, key: Key) => void;

/** What a dialog listens with; a text field takes a pasted run of characters as one input. */
export interface KeyTarget {
  handler: KeyHandler;
  acceptsText: boolean;
}

/** Where the screen sends keys while a dialog is open; set during render, so no key is lost to a late subscription. */
export const KeyTargetContext = createContext<MutableRefObject<KeyTarget | null> | null>(null);

/**
 * Receives keys for the dialog being shown. Unlike subscribing in an effect, the handler is in
 * place as soon as the dialog renders, so keys typed right after opening it reach it.
 */
export function useKeys(handler: KeyHandler, options: { acceptsText?: boolean } = {}): void {
  const target = useContext(KeyTargetContext);
  if (target) target.current = { handler, acceptsText: options.acceptsText ?? false };
}

export interface KeyQueueOptions {
  /** Whether the receiver of the next key takes a run of text at once (a text field). */
  acceptsText(): boolean;
  /** While true, keys wait (an action is writing to the log; the next key must see its result). */
  paused: boolean;
  /** Keys that arrived before this screen was there (typed while the log was being read). */
  initial?: KeyPress[];
}

/**
 * Applies keys strictly in order, each against the screen left by the one before. Ink may deliver
 * several keys in one go (a burst over SSH, `tmux send-keys`), faster than React renders: handling
 * them at once would run every handler against the same stale render. So one key is handled, then
 * the next only after that key's render has committed (the handler passed in is the latest render's).
 */
export function useKeyQueue(handle: KeyHandler, options: KeyQueueOptions): void {
  const queue = useRef<KeyPress[]>(options.initial ?? []);
  const latest = useRef({ handle, options });
  latest.current = { handle, options };
  // Each handled key asks for a turn; the next key waits for the commit of that turn. An effect of
  // an earlier render (a poll, a tick) can still be pending when a key is handled: React runs it
  // before the key's own render, and it must not hand over the next key against the stale screen.
  const [turn, setTurn] = useState(0);
  const asked = useRef(0);
  const committed = useRef(0);

  const pump = useCallback(() => {
    if (committed.current < asked.current || latest.current.options.paused) return;
    const unit = queue.current.shift();
    if (!unit) return;
    const [first, rest] = latest.current.options.acceptsText() ? [unit, null] : splitText(unit);
    if (rest) queue.current.unshift(rest);
    asked.current += 1;
    latest.current.handle(first.input, first.key);
    // Always re-render, so the effect below runs and hands over the next key.
    setTurn(asked.current);
  }, []);

  useEffect(() => {
    committed.current = turn;
    pump();
  });

  const onInput = useCallback<KeyHandler>(
    (input, key) => {
      // Ctrl-C is useCtrlC's: it must reach the screen even while keys wait.
      if (key.ctrl && input === 'c') return;
      queue.current.push(...splitBurst(input, key));
      pump();
    },
    [pump],
  );
  useInput(onInput);
}

/** Keeps the keys typed before the screen could take them (while the log is read), in order. */
export function useEarlyKeys(active: boolean): KeyPress[] {
  const early = useRef<KeyPress[]>([]);
  useInput((input, key) => void early.current.push(...splitBurst(input, key)), { isActive: active });
  return early.current;
}
