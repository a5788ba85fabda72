/** What an attacker puts in any field: clipboard write, window title, clear screen, lone CR, bidi override, C1 CSI, DEL. */
export const CORPUS = 'A\u001b]52;c;aGFja2Vk\u0007B\u001b]0;pwned\u0007C\u001b[2JD\rE\u202eF\u009b31mG\u007fH';

/** A control a terminal would act on (\n and \t aside), or an invisible character that hides text, shown as U+XXXX for readable failures. */
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
export const rawControls = (text: string): string[] => [...text].filter((c) => RAW.test(c)).map((c) => `U+${c.charCodeAt(0).toString(16)}`);

/**
 * Every kind of hostile string at once, the invisible ones first (views cut long lines): zero-width
 * space, word joiner, BOM, bidi override and isolate, BEL, backspace, lone CR, DEL, C1 CSI and OSC,
 * CSI clear and cursor home, OSC 0 title, OSC 52 clipboard, OSC 8 hyperlink.
 */
export const HOSTILE =
  'A\u200bB\u2060C\ufeffD\u202eE\u2066F\u0007\bG\rH\u007fI\u009b31mJ\u009d0;c1\u009cK\u001b[2J\u001b[HL\u001b]0;pwned\u0007M\u001b]52;c;aGFja2Vk\u0007N\u001b]8;;https://evil.example/\u001b\\link\u001b]8;;\u001b\\O';
/** How HOSTILE looks once made visible, up to the clipboard write. */
export const HOSTILE_SHOWN = 'A<U+200B>B<U+2060>C<U+FEFF>D<U+202E>E<U+2066>F␇␈G␍H␡I<U+009B>31mJ<U+009D>0;c1<U+009C>K␛[2J␛[HL␛]0;pwned␇M␛]52;c;aGFja2Vk␇N';
