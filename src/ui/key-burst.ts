import type { Key } from 'ink';

/** One key as the screen handles it. */
export interface KeyPress {
  input: string;
  key: Key;
}

function blankKey(): Key {
  return {
    upArrow: false,
    downArrow: false,
    leftArrow: false,
    rightArrow: false,
    pageDown: false,
    pageUp: false,
    home: false,
    end: false,
    return: false,
    escape: false,
    ctrl: false,
    shift: false,
    tab: false,
    backspace: false,
    delete: false,
    meta: false,
    super: false,
    hyper: false,
    capsLock: false,
    numLock: false,
  };
}

const press = (input: string, flags: Partial<Key> = {}): KeyPress => ({ input, key: { ...blankKey(), ...flags } });

const NAMED: Array<keyof Key> = ['upArrow', 'downArrow', 'leftArrow', 'rightArrow', 'pageDown', 'pageUp', 'home', 'end', 'return', 'escape', 'tab', 'backspace', 'delete', 'ctrl'];

/** A control character inside a burst, as the key it stands for (null: nothing we answer to). */
function controlKey(ch: string): KeyPress | null {
  if (ch === '\r' || ch === '\n') return press('', { return: true });
  if (ch === '\t') return press('', { tab: true });
  if (ch === '\u007F') return press('', { delete: true });
  if (ch === '\b') return press('', { backspace: true });
  const code = ch.charCodeAt(0);
  if (code >= 1 && code <= 26) return press(String.fromCharCode(code + 96), { ctrl: true });
  return null;
}

/**
 * Ink hands over a run of plain characters that arrived together ("jj\r" from a laggy link or
 * `tmux send-keys`) as one input. This splits it back into keys, in order. Runs of printable text
 * stay together (a paste into a text field); `splitText` cuts one down to its first character.
 * ESC followed at once by a character ("Escape q" sent in one burst) is Escape, then that key:
 * the screen has no Alt bindings, so it is never meant as Alt+key.
 */
export function splitBurst(input: string, key: Key): KeyPress[] {
  if (NAMED.some((k) => key[k])) return [{ input, key }];
  if (key.meta && [...input].length === 1) return [press('', { escape: true, meta: true }), press(input, { shift: /^[A-Z]$/.test(input) })];
  if ([...input].length <= 1) return [{ input, key }];
  const out: KeyPress[] = [];
  let run = '';
  const flush = () => {
    if (run) out.push(press(run, { shift: /^[A-Z]$/.test(run) }));
    run = '';
  };
  for (const ch of input) {
    if (ch >= ' ' && ch !== '\u007F') {
      run += ch;
      continue;
    }
    flush();
    const k = controlKey(ch);
    if (k) out.push(k);
  }
  flush();
  return out;
}

/** The first key of a unit and what is left of it: a text run is typed one character at a time. */
export function splitText(unit: KeyPress): [KeyPress, KeyPress | null] {
  const chars = [...unit.input];
  if (chars.length <= 1 || NAMED.some((k) => unit.key[k])) return [unit, null];
  const first = chars[0]!;
  return [press(first, { shift: /^[A-Z]$/.test(first) }), press(chars.slice(1).join(''))];
}
