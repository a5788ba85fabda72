import { helpSections, type KeySection } from './key-bindings.js';

export type { KeyHelp, KeySection } from './key-bindings.js';

/** Every key the TUI answers to, generated from the key bindings; the help overlay prints exactly this. */
export const KEYMAP: KeySection[] = helpSections();
