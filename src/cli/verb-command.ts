import { incidentIdArgument } from './option-values.js';
import { type Command, Option } from 'commander';
import type { Session } from '../app/session.js';
import { pickVerb, verbsOfCommand } from '../verbs/index.js';
import { type ArgNamer, type Verb, type VerbArg, type VerbArgs, VerbArgError, type VerbOutcome } from '../verbs/verb.js';
import { UserError } from '../core/errors.js';
import { action, type CliContext } from './context.js';
import { withSession } from './with-session.js';

/** Prints what a verb did, as this command always has. */
export type VerbPresenter = (ctx: CliContext, session: Session, done: { verb: Verb; id: string; args: VerbArgs; out: VerbOutcome }) => Promise<void>;

export interface VerbCommandOptions {
  present: VerbPresenter;
  /** Where a hook's live output goes (none with --json). */
  onOutput?: (ctx: CliContext) => ((chunk: string) => void) | undefined;
  /** Asked once the session is open, before the verb runs: throws to leave without acting. */
  confirm?: (ctx: CliContext, session: Session, id: string, args: VerbArgs) => Promise<void>;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

/**
 * A one-value option (`--owner`) given twice would keep only the last (`--owner carol --owner bob`
 * is bob's): refused instead, naming both values, so nothing is recorded that the user did not mean.
 */
const once = (flag: string) => (v: string, prev: string | undefined) => {
  if (prev !== undefined) throw new UserError(`${flag} was given twice (${JSON.stringify(prev)}, then ${JSON.stringify(v)}); it takes one value`, { hint: `give ${flag} once` });
  return v;
};

/** The options of a command's verbs, in first-declared order; required only where every verb declaring it requires it. */
function commandOptions(verbs: Verb[]): { arg: VerbArg; required: boolean }[] {
  const out = new Map<string, { arg: VerbArg; required: boolean }>();
  for (const v of verbs) {
    for (const arg of v.args) {
      if (!arg.option || arg.scriptOnly) continue;
      const seen = out.get(arg.name);
      out.set(arg.name, { arg: seen?.arg ?? arg, required: (seen?.required ?? true) && Boolean(arg.required) });
    }
  }
  return [...out.values()];
}

/** A verb's arg error as the CLI reports it: each arg named as typed here (`--summary is empty`, not `args.summary`). */
export function cliArgError(err: VerbArgError, name: ArgNamer): UserError {
  return new UserError(err.named(name), { hint: err.hint, details: err.details });
}

/** How this command's usage shows a verb's arg: its option (`--summary`) or its positional (`<person>`). */
function cliArgName(verbs: Verb[]): ArgNamer {
  return (name) => {
    const arg = verbs.flatMap((v) => v.args).find((a) => a.name === name && !a.scriptOnly);
    if (arg?.positional) return `<${arg.cliName ?? arg.name}>`;
    return arg?.option?.split(/[\s,]+/).find((w) => w.startsWith('--')) ?? name;
  };
}

/**
 * Adds `parent NAME <id> <positionals...> [options]` for the verbs declared with CLI command
 * `parent NAME`: usage, options and help come from the declarations; the options pick the verb.
 */
export function addVerbCommand(parent: Command, name: string, opts: VerbCommandOptions): Command {
  // A top-level verb command (`aiops ack`) is named by its own word.
  const key = parent.parent ? `${parent.name()} ${name}` : name;
  const verbs = verbsOfCommand(key);
  const main = verbs[0];
  if (!main) throw new Error(`no verb declares the CLI command "${key}"`);
  const cmd = parent.command(name).argument('<id>', 'the incident id (INC-2026-0001; inc-2026-1 also works)', incidentIdArgument('<id>'));
  const positionals = main.args.filter((a) => a.positional);
  for (const a of positionals) cmd.argument(a.optionalPositional ? `[${a.cliName ?? a.name}]` : `<${a.cliName ?? a.name}>`);
  const byAttribute = new Map<string, string>();
  for (const { arg, required } of commandOptions(verbs)) {
    const option = new Option(arg.option!, arg.help);
    if (arg.kind === 'list' || arg.kind === 'params') option.argParser(collect);
    else if (arg.kind === 'text') option.argParser(once(option.long ?? option.flags));
    if (required) option.makeOptionMandatory();
    cmd.addOption(option);
    byAttribute.set(option.attributeName(), arg.name);
  }
  cmd.description(main.summary);
  const width = Math.max(...verbs.map((v) => v.id.length));
  cmd.addHelpText('after', ['', 'Who may (per verb):', ...verbs.map((v) => `  ${v.id.padEnd(width)}  ${v.who.text}`)].join('\n'));
  cmd.action(
    action(async (ctx: CliContext, id: string, ...rest: unknown[]) => {
      const given = rest[positionals.length] as Record<string, unknown>;
      const args: VerbArgs = {};
      positionals.forEach((a, i) => (args[a.name] = rest[i]));
      for (const [attr, value] of Object.entries(given)) args[byAttribute.get(attr) ?? attr] = value;
      const verb = pickVerb(key, args);
      try {
        verb.check?.(args);
        await withSession(ctx, async (session) => {
          await opts.confirm?.(ctx, session, id, args);
          const out = await verb.run(session, id, args, { cwd: ctx.cwd, onOutput: opts.onOutput?.(ctx) });
          await opts.present(ctx, session, { verb, id, args, out });
        }, { incident: id, pinned: true });
      } catch (err) {
        if (err instanceof VerbArgError) throw cliArgError(err, cliArgName(verbs));
        throw err;
      }
    }),
  );
  return cmd;
}
