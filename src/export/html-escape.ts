import { hasTerminalControls, TERMINAL_CONTROLS, terminalText } from '../core/terminal-text.js';
import { textOf } from '../core/text-of.js';

const HTML_SPECIAL = /[&<>"']/;
/** HTML's specials and the controls a terminal acts on: one scan passes a text that needs nothing done (most do). */
const ANY_SPECIAL = new RegExp(`[&<>"'${TERMINAL_CONTROLS}]`);
const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML element content and attribute values. Controls are first made visible, as
 * on a terminal, and then escaped with the rest: a marker such as `<U+202E>` is text, and must not
 * reach the page as a tag the browser would swallow (hiding the very character it marks).
 */
export function esc(value: string): string {
  const text = textOf(value);
  if (!ANY_SPECIAL.test(text)) return text;
  const shown = hasTerminalControls(text) ? terminalText(text) : text;
  return HTML_SPECIAL.test(shown) ? shown.replace(/[&<>"']/g, (c) => ESC[c]!) : shown;
}
