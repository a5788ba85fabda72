import { type MutableRefObject, useRef } from 'react';
import { dispatchKey, type KeyContext, type KeyOps } from '../key-bindings.js';
import type { KeyPress } from '../key-burst.js';
import { type KeyTarget, useKeyQueue } from './use-keys.js';

/**
 * One stable key subscription for the screen: while a dialog is open its handler gets the keys,
 * otherwise the key bindings table decides. Both handlers are swapped in during render, so keys
 * typed faster than effects run still reach what is on screen. Returns where dialogs register.
 */
export function useScreenKeys(ctx: KeyContext, ops: KeyOps, opts: { modalOpen: boolean; paused: boolean; earlyKeys?: KeyPress[] }): MutableRefObject<KeyTarget | null> {
  const dialogKeys = useRef<KeyTarget | null>(null);
  useKeyQueue(
    (input, key) => {
      if (opts.modalOpen) dialogKeys.current?.handler(input, key);
      else dispatchKey(ops, ctx, input, key);
    },
    {
      acceptsText: () => opts.modalOpen && Boolean(dialogKeys.current?.acceptsText),
      // A quick write is waited for, so the next key sees its result; during a hook run keys still work.
      paused: opts.paused,
      initial: opts.earlyKeys,
    },
  );
  return dialogKeys;
}
