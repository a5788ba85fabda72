import type { Key } from 'ink';
import { createContext, useContext, type MutableRefObject } from 'react';

export type KeyHandler = (input: string, key: Key) => void;

/** Where the screen sends keys while a dialog is open; set during render, so no key is lost to a late subscription. */
export const KeyTargetContext = createContext<MutableRefObject<KeyHandler | null> | null>(null);

/**
 * Receives keys for the dialog being shown. Unlike subscribing in an effect, the handler is in
 * place as soon as the dialog renders, so keys typed right after opening it reach it.
 */
export function useKeys(handler: KeyHandler): void {
  const target = useContext(KeyTargetContext);
  if (target) target.current = handler;
}
