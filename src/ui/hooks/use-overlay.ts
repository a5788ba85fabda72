import { useRef, useState } from 'react';
import type { PickItem } from '../components/Picker.js';

/** A dialog over the body of the screen. */
export type Overlay =
  | { kind: 'help' }
  /** A confirm without `yes` only tells (an act that would be refused): Esc closes it, y does nothing. */
  | { kind: 'confirm'; title: string; lines: string[]; yes?: string; tone?: 'warn' | 'bad'; onYes?(): void }
  | { kind: 'prompt'; title: string; label: string; initial?: string; allowEmpty?: boolean; problem?: string; onSubmit(value: string): void }
  | { kind: 'pick'; title: string; items: PickItem[]; initial?: number; onPick(id: string): void }
  | { kind: 'output'; title: string; lines: string[] };

export interface OverlayHandle {
  overlay: (Overlay & { serial: number }) | null;
  open(next: Overlay): void;
  close(): void;
  /** A prompt for a reason or a text; the prompt closes before `then` runs. */
  ask(title: string, label: string, then: (text: string) => void, allowEmpty?: boolean): void;
}

/** The one dialog on screen, if any. */
export function useOverlay(): OverlayHandle {
  const [overlay, setOverlay] = useState<(Overlay & { serial: number }) | null>(null);
  const serial = useRef(0);
  // Each dialog gets its own key: a prompt that follows a prompt starts empty, not with the last one's text.
  const open = (next: Overlay) => setOverlay({ ...next, serial: ++serial.current });
  const close = () => setOverlay(null);
  const ask: OverlayHandle['ask'] = (title, label, then, allowEmpty = false) =>
    open({ kind: 'prompt', title, label, allowEmpty, onSubmit: (v) => { close(); then(v); } });
  return { overlay, open, close, ask };
}
