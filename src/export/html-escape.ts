import { hasTerminalControls, terminalText } from '../core/terminal-text.js';
import { textOf } from './text-of.js';

const HTML_SPECIAL = /[&<>"']/;
const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML element content and attribute values. Controls are first made visible, as
 * on a terminal, and then escaped with the rest: a marker such as `<U+202E>` is text, and must not
 * reach the page as a tag the browser would swallow (hiding the very character it marks).
 */
export function esc(value: string): string {
  const text = textOf(value);
  const shown = hasTerminalControls(text) ? terminalText(text) : text;
  return HTML_SPECIAL.test(shown) ? shown.replace(/[&<>"']/g, (c) => ESC[c]!) : shown;
}
