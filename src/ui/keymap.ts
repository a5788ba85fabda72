export interface KeyHelp {
  keys: string;
  what: string;
}

export interface KeySection {
  title: string;
  keys: KeyHelp[];
}

/** Every key the TUI answers to; the help overlay prints exactly this. */
export const KEYMAP: KeySection[] = [
  {
    title: 'Anywhere',
    keys: [
      { keys: '1 2 3', what: 'show Steps, Roles or Timeline (nothing else changes the screen)' },
      { keys: 'n', what: 'add a note, then optionally attach a file' },
      { keys: 's', what: 'change severity (asks for a reason)' },
      { keys: 'S', what: 'change status: mitigated, resolved, closed, reopen' },
      { keys: '?', what: 'this help' },
      { keys: 'q', what: 'leave (asks first; everything shown is already in the log)' },
      { keys: 'Esc', what: 'close a dialog or cancel' },
    ],
  },
  {
    title: 'Steps',
    keys: [
      { keys: '↑ ↓  k j', what: 'select a step' },
      { keys: 'Enter', what: 'do the step: done / choose / approve and run / edit and send' },
      { keys: 'x', what: 'skip the step (asks for a reason)' },
      { keys: 'a', what: 'approve (says exactly what will run)' },
      { keys: 'o', what: 'override a missing approval (commander, with a reason)' },
      { keys: 'D', what: 'deny the approval (with a reason)' },
      { keys: 'r', what: 'retry a failed hook' },
      { keys: 'u', what: "undo: run the hook's undo (e.g. resume after pause)" },
      { keys: 'c', what: 'record by hand: a failed hook done another way, or an unknown outcome' },
      { keys: 'i', what: 'read the full instructions' },
    ],
  },
  {
    title: 'Roles',
    keys: [
      { keys: '↑ ↓  k j', what: 'select a role' },
      { keys: 'Enter a', what: 'assign the role to someone from the roster' },
      { keys: 'h', what: 'hand the role off (the old holder is recorded)' },
    ],
  },
  {
    title: 'Timeline',
    keys: [
      { keys: '↑ ↓  k j', what: 'scroll one event' },
      { keys: 'PgUp PgDn', what: 'scroll a page' },
      { keys: 'g G', what: 'oldest / newest (G follows new events)' },
    ],
  },
];
