import { terminalText } from '../core/terminal-text.js';

// eslint-disable-next-line no-control-regex
const HTML_SPECIAL = /[&<>"'\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and attribute values; controls are made visible, as on a terminal. */
export function esc(text: string): string {
  if (!HTML_SPECIAL.test(text)) return text;
  return terminalText(text.replace(/[&<>"']/g, (c) => ESC[c]!));
}
