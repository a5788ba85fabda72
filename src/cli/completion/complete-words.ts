import type { Command, Option } from 'commander';

/** What a word in a command line stands for, when the candidates come from the project or the log. */
export type ValueKind =
  | 'incident'
  | 'step'
  | 'person'
  | 'role'
  | 'severity'
  | 'status'
  | 'hook'
  | 'playbook'
  | 'trigger'
  | 'scenario'
  | 'shell'
  | 'schema';

/** Argument and option names mapped to what their values are; anything else completes as a file (or not at all). */
const ARGUMENT_KINDS: Record<string, ValueKind> = {
  id: 'incident',
  incident: 'incident',
  step: 'step',
  person: 'person',
  role: 'role',
  sev: 'severity',
  status: 'status',
  name: 'hook',
  ref: 'playbook',
  a: 'playbook',
  b: 'playbook',
  scenario: 'scenario',
  shell: 'shell',
};
const OPTION_KINDS: Record<string, ValueKind> = {
  '--as': 'person',
  '--incident': 'incident',
  '--trigger': 'trigger',
  '--playbook': 'playbook',
  '--severity': 'severity',
  '--status': 'status',
  '--scenario': 'scenario',
};

/** Where the cursor is: the fixed candidates, or the kind of value the project must supply. */
export interface CompletionRequest {
  current: string;
  words: string[];
  fixed: string[];
  kind?: ValueKind;
  /** The first positional argument given (the incident id, for step completion). */
  firstPositional?: string;
  /** --config / --db given on the line, so dynamic values come from the same project. */
  globals: { config?: string; db?: string };
  /** Put before each value: the option of a one-word `--format=m` (zsh, fish), so candidates replace the whole word. */
  prefix?: string;
}

const visible = (cmd: Command): Command[] => cmd.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden);
const takesValue = (o: Option) => o.required || o.optional;

function findOption(chain: Command[], flag: string): Option | undefined {
  for (const cmd of [...chain].reverse()) {
    const o = cmd.options.find((x) => x.long === flag || x.short === flag);
    if (o) return o;
  }
  return undefined;
}

/**
 * Reads `words` (the line after `aiops`, the last one being completed, maybe empty) against the
 * commander tree and says what may come next.
 */
export function requestFor(program: Command, words: string[]): CompletionRequest {
  let current = words.length ? words[words.length - 1]! : '';
  const before = words.slice(0, -1);
  const chain: Command[] = [program];
  const positionals: string[] = [];
  const globals: CompletionRequest['globals'] = {};
  let pendingOption: Option | undefined;
  for (const w of before) {
    // bash splits `--format=md` at the '=' into three words: the '=' belongs to the pending option.
    if (pendingOption && w === '=') continue;
    if (pendingOption) {
      if (pendingOption.long === '--config') globals.config = w;
      if (pendingOption.long === '--db') globals.db = w;
      pendingOption = undefined;
      continue;
    }
    const cmd = chain[chain.length - 1]!;
    if (w.startsWith('-')) {
      const o = findOption(chain, w.split('=')[0]!);
      if (o && takesValue(o) && !w.includes('=')) pendingOption = o;
      continue;
    }
    const sub = positionals.length === 0 ? visible(cmd).find((c) => c.name() === w || c.aliases().includes(w)) : undefined;
    if (sub) chain.push(sub);
    else positionals.push(w);
  }
  const cmd = chain[chain.length - 1]!;
  // bash, the cursor right after `--format=`: the word under it is the '=' itself, and the value is empty.
  if (pendingOption && current === '=') current = '';
  const base = { current, words, globals, firstPositional: positionals[0] };
  const joined = current.startsWith('--') && current.includes('=') ? findOption(chain, current.slice(0, current.indexOf('='))) : undefined;
  if (joined && takesValue(joined)) {
    const choices = (joined as Option & { argChoices?: string[] }).argChoices ?? [];
    return { ...base, fixed: choices, kind: OPTION_KINDS[joined.long ?? ''], prefix: `${current.slice(0, current.indexOf('='))}=` };
  }
  if (pendingOption) {
    const kind = OPTION_KINDS[pendingOption.long ?? ''];
    const choices = (pendingOption as Option & { argChoices?: string[] }).argChoices ?? [];
    return { ...base, fixed: choices, kind };
  }
  if (current.startsWith('-')) {
    const flags = chain.flatMap((c) => c.options.filter((o) => !o.hidden).map((o) => o.long ?? o.short ?? ''));
    return { ...base, fixed: [...new Set(flags)].filter(Boolean).sort() };
  }
  const subs = positionals.length === 0 ? visible(cmd).map((c) => c.name()) : [];
  const args = cmd.registeredArguments;
  const arg = args[positionals.length] ?? (args[args.length - 1]?.variadic ? args[args.length - 1] : undefined);
  const argChoices = (arg as unknown as { argChoices?: string[] } | undefined)?.argChoices ?? [];
  return { ...base, fixed: [...subs, ...argChoices], kind: arg ? ARGUMENT_KINDS[arg.name()] : undefined };
}
