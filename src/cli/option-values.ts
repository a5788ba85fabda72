import { InvalidArgumentError, type Command } from 'commander';

/** `-o FILE`: a name that is empty or blank is a mistake (a variable that was not set), not stdout. */
export function outputFile(value: string): string {
  if (!value.trim()) throw new InvalidArgumentError('is empty: name a file, or leave -o out to write to stdout');
  return value;
}

/**
 * The values an option of the command just declared takes, for its help ("choices: …") and shell
 * completion, without commander's own check: the command checks them itself, with its own message
 * (and `export` also takes the format from -o's extension).
 */
export function offers(cmd: Command, flag: string, values: readonly string[]): Command {
  const option = cmd.options.find((o) => o.long === flag);
  if (!option) throw new Error(`no option ${flag} to offer values for`);
  option.argChoices = [...values];
  return cmd;
}
