import type { Command } from '../core/decide.js';
import type { ActResult } from '../app/act.js';
import type { Session } from '../app/session.js';
import { UserError } from '../core/errors.js';
import { type ContextKeyClash, contextKeyClash, templateKeyProblem } from '../core/template.js';
import type { VerbId } from '../core/verb-ids.js';

export { VERB_IDS, type VerbId } from '../core/verb-ids.js';

/** text: one value; flag: true/false; list: repeatable text; params: NAME → value (CLI `--param k=v`, script a map). */
export type ArgKind = 'text' | 'flag' | 'list' | 'params';

export interface VerbArg {
  /** The name in `run` args and in a drill script's `args:`. */
  name: string;
  kind: ArgKind;
  /** One line of help, shown by the CLI. */
  help: string;
  required?: boolean;
  /** A CLI positional after the incident ID, in declared order. */
  positional?: boolean;
  /** A positional the CLI lets be left out (`[of]`); others are `<required>` on the command line. */
  optionalPositional?: boolean;
  /** How the CLI usage line names a positional, when not by `name` (`<sev>`). */
  cliName?: string;
  /** The CLI option spelling (`--skip <reason>`); none with `positional`, or for a script-only arg. */
  option?: string;
  /** Read by the CLI only (a file path relative to where the command runs, say). */
  cliOnly?: boolean;
  /** Read by drill scripts only. */
  scriptOnly?: boolean;
  /** Names a person: the engine refuses one not in the roster, so `scenario validate` checks a script's value against it. */
  person?: boolean;
}

/** Who may do a verb: the rule as people read it, and the refusal rules (`policy.refused` rule ids) that enforce it. */
export interface WhoMay {
  text: string;
  rules: readonly string[];
}

export type VerbArgs = Record<string, unknown>;

/** What a front door passes besides the args: where relative paths start, where live hook output goes. */
export interface VerbIo {
  cwd: string;
  onOutput?: (chunk: string) => void;
}

/** What a verb did: the use case's own result for presenters, warnings, and a failure that is data (a hook that failed). */
export interface VerbOutcome<R = unknown> {
  result: R;
  warnings: string[];
  failed: string | null;
}

export interface Verb<R = unknown> {
  id: VerbId;
  /** One line: the CLI command's description. */
  summary: string;
  args: readonly VerbArg[];
  who: WhoMay;
  /**
   * The CLI command that reaches it (`incident step`). When several verbs share a command,
   * `picked` names the arg whose presence picks this verb (the first verb listed is the default).
   */
  cli: { command: string; picked?: string };
  /** Checks args before anything is opened; throws UserError (exit 2) on bad input. */
  check?(args: VerbArgs): void;
  /** The engine command it stands for, for pure checks of drill scripts; null when it is a whole use case. */
  command(args: VerbArgs): Command | null;
  run(session: Session, incidentId: string, args: VerbArgs, io: VerbIo): Promise<VerbOutcome<R>>;
}

/**
 * How a front door names a verb's arg in a message, as its users give it: the CLI as `--summary`
 * or `<person>`, a drill script as `args.summary`.
 */
export type ArgNamer = (arg: string) => string;

/** Where no front door names them (the TUI fills args from its own prompts): the arg in words, `wentWell` as "the went well". */
const plainArgName: ArgNamer = (arg) => `the ${arg.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)}`;

/**
 * Bad args in a verb (a missing or empty value, a wrong type). The message is written once, here
 * in the verbs, with each arg left for the front door to name (`named`); `message` names them in words.
 */
export class VerbArgError extends UserError {
  private readonly phrase: (name: ArgNamer) => string;
  constructor(say: string | ((name: ArgNamer) => string)) {
    const phrase = typeof say === 'string' ? () => say : say;
    super(phrase(plainArgName));
    this.phrase = phrase;
  }

  /** The message with each arg named as the front door that reports it shows it. */
  named(name: ArgNamer): string {
    return this.phrase(name);
  }
}

/** A required text arg; numbers are accepted as their text (YAML `severity: 1`). `what` completes "give …". */
export function text(args: VerbArgs, key: string, what: string): string {
  const v = args[key];
  if (typeof v === 'string' && v.trim()) return v;
  if (typeof v === 'number') return String(v);
  if (v === undefined || v === null) throw new VerbArgError((n) => `needs ${n(key)} (${what})`);
  if (typeof v === 'string') throw new VerbArgError((n) => `${n(key)} is empty: give ${what}`);
  throw new VerbArgError((n) => `${n(key)} must be text: ${what}`);
}

/** An optional text arg. */
export function optText(args: VerbArgs, key: string): string | undefined {
  const v = args[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new VerbArgError((n) => `${n(key)} must be text`);
}

/** A list arg (repeated CLI option or YAML sequence). */
export function list(args: VerbArgs, key: string): string[] | undefined {
  const v = args[key];
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  if (typeof v === 'string') return [v];
  throw new VerbArgError((n) => `${n(key)} must be a list of text`);
}

/** NAME → value pairs: a map (scripts) or `k=v` texts (CLI, `--param k=v`). */
export function pairs(args: VerbArgs, key: string): Record<string, string> | undefined {
  const raw = args[key];
  if (raw === undefined || raw === null) return undefined;
  // No prototype: a key such as __proto__ is kept as a key, never taken as the object's prototype and lost.
  const out = Object.create(null) as Record<string, string>;
  if (Array.isArray(raw)) {
    if (raw.length === 0) return undefined;
    for (const p of raw) {
      const s = String(p);
      const i = s.indexOf('=');
      if (i <= 0) throw new VerbArgError((n) => `${n(key)} wants KEY=VALUE, got ${JSON.stringify(s)}`);
      out[s.slice(0, i)] = s.slice(i + 1);
    }
    return out;
  }
  if (typeof raw !== 'object') throw new VerbArgError((n) => `${n(key)} must be a map of names to values`);
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw new VerbArgError((n) => `${n(key)}: ${k} must be text`);
    out[k] = String(v);
  }
  return out;
}

/**
 * `--context KEY=VALUE` pairs: each key a name hook templates can write as `{{context.KEY}}`; any
 * other key is refused, naming it, rather than stored where nothing can refer to it (or dropped).
 */
export function contextPairs(args: VerbArgs, key = 'context'): Record<string, string> | undefined {
  const out = pairs(args, key);
  for (const k of Object.keys(out ?? {})) {
    const problem = templateKeyProblem(k);
    if (problem === 'reserved') throw new VerbArgError((n) => `${n(key)} key ${JSON.stringify(k)} is reserved; choose another name`);
    if (problem) {
      throw new VerbArgError((n) => `${n(key)} key ${JSON.stringify(k)} is not a plain name: use letters, digits, _ . - starting with a letter or _ (hooks refer to it as {{context.KEY}})`);
    }
  }
  // Hooks get each key as AIOPS_CONTEXT_KEY too: two keys that make one variable would leave it to whichever came last.
  const clash = contextKeyClash(Object.keys(out ?? {}));
  if (clash) throw new VerbArgError((n) => `${n(key)} keys ${contextClashText(clash)}: give only one of them`);
  return out;
}

/** `"a-b" and "a.b" are both AIOPS_CONTEXT_A_B to a hook`, the clash as refusals say it. */
export function contextClashText(c: ContextKeyClash): string {
  return `${JSON.stringify(c.other)} and ${JSON.stringify(c.key)} are both ${c.variable} to a hook`;
}

/** A verb's outcome with no failure. */
export function done<R>(result: R, warnings: string[] = []): VerbOutcome<R> {
  return { result, warnings, failed: null };
}

/** The run of a verb that is one act: the command its args make, through the write path; the act's warnings shown. */
export function runAct(commandOf: (args: VerbArgs) => Command): Verb<ActResult>['run'] {
  return async (session, id, args) => {
    const { act } = await import('../app/act.js');
    const r = await act(session, id, commandOf(args));
    return done(r, r.warnings);
  };
}

/** Declares a verb with its result type checked against its presenters. */
export function defineVerb<R>(verb: Verb<R>): Verb<R> {
  return verb;
}
