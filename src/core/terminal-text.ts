/**
 * The one sanitiser for text shown on a terminal. Incident data (titles, notes, hook output,
 * alert fields, playbook text) is stored as given; whatever reaches a screen first passes here,
 * so an ESC, a C1 CSI, a lone carriage return or a bidi override cannot repaint, retitle,
 * write the clipboard or reorder what responders read. Controls are made visible, never dropped.
 */

// C0 except \t and \n, DEL, C1, the bidi controls (embeddings, overrides, isolates, marks), and
// the invisible characters that hide or split text (zero-width space, word joiner, BOM), and the
// Unicode line and paragraph separators some terminals and viewers break lines at; ZWJ and ZWNJ
// stay, as scripts and emoji need them.
// As a regular expression's character class body, for a scan that looks for these beside other characters.
export const TERMINAL_CONTROLS = '\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u061c\\u200b\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufeff';
// The same with the line feed, and CRLF as one match.
const UNSAFE = new RegExp(`\\r\\n|[\\u000a${TERMINAL_CONTROLS}]`, 'g');
const UNSAFE_TEST = new RegExp(`[${TERMINAL_CONTROLS}]`);

function visible(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code); // ␛ ␍ ␀ …
  if (code === 0x7f) return '\u2421'; // ␡
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

export interface TerminalTextOptions {
  /** Keep line feeds (and CRLF as a line feed); false: a line feed is shown as ␊ too. Default true. */
  lines?: boolean;
  /** Keep tabs; false: a tab is shown as a space. Default true. */
  tabs?: boolean;
}

/** `text` with every control a terminal would act on made visible; \n and \t kept where a line allows them. */
export function terminalText(text: string, opts: TerminalTextOptions = {}): string {
  const lines = opts.lines !== false;
  const tabs = opts.tabs !== false;
  // A text with no control but the line feeds and tabs it may keep (no CR, so no CRLF either)
  // comes back as it is, without a replace calling back on every line feed of a 2 MB export.
  if (!UNSAFE_TEST.test(text) && (lines || !text.includes('\n')) && (tabs || !text.includes('\t'))) return text;
  let out = text.replace(UNSAFE, (c) => {
    if (c === '\r\n') return lines ? '\n' : '␍␊';
    if (c === '\n') return lines ? '\n' : '␊';
    return visible(c);
  });
  if (!tabs) out = out.replace(/\t/g, ' ');
  return out;
}

/** One line of terminal text: line breaks and tabs shown too, so it cannot spill onto other rows. */
export function terminalLine(text: string): string {
  return terminalText(text, { lines: false, tabs: false });
}

/** True when `text` holds a control a terminal would act on (other than \n and \t). */
export function hasTerminalControls(text: string): boolean {
  return UNSAFE_TEST.test(text);
}

// C1 and bidi controls survive JSON.stringify raw; escaping them keeps the same JSON value.
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200b\u200e\u200f\u202a-\u202e\u2028\u2029\u2060-\u2064\u2066-\u2069\ufeff]/g;

/**
 * A JSON document with the controls JSON leaves raw written as \u escapes: the same value, safe to
 * print (also a YAML document whose strings holding a control are double-quoted). Every one of them is DEL or above it: a text with no DEL whose UTF-8 is as long as it is
 * (all ASCII) holds none, and comes back as it is after two native scans, not a regex over a
 * 30 MB listing.
 */
export function terminalJson(json: string): string {
  if (Buffer.byteLength(json, 'utf8') === json.length && !json.includes('\u007f')) return json;
  return json.replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
