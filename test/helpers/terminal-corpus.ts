/** What an attacker puts in any field: clipboard write, window title, clear screen, lone CR, bidi override, C1 CSI, DEL. */
export const CORPUS = 'A\u001b]52;c;aGFja2Vk\u0007B\u001b]0;pwned\u0007C\u001b[2JD\rE\u202eF\u009b31mG\u007fH';

/** A control a terminal would act on (\n and \t aside), shown as U+XXXX for readable failures. */
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
export const rawControls = (text: string): string[] => [...text].filter((c) => RAW.test(c)).map((c) => `U+${c.charCodeAt(0).toString(16)}`);
