import type { Command } from 'commander';
import { refuseBlank, UserError } from '../core/errors.js';
import { canonicalIncidentId } from '../core/incident-id.js';

/**
 * `-o FILE`: a name that is empty or blank is a mistake (a variable that was not set), not stdout.
 * Refused as every blank option is (a UserError, not commander's "argument '' is invalid."); what
 * the name then names is checked by safe-output.ts, for every command with -o.
 */
export function outputFile(value: string): string {
  refuseBlank('-o', value, 'name a file, or leave -o out to write to stdout');
  return value;
}

/**
 * An incident id argument (`<id>`, `--incident <id>`): empty or blank is named as README's rule
 * says (`<id> is empty: give an incident id`), not looked up as "no incident " with nothing after it.
 */
export function incidentIdArgument(name: string): (value: string) => string {
  return (value) => {
    if (!value.trim()) throw new UserError(`${name} is empty: give an incident id`, { hint: 'aiops incident list shows the open ones' });
    return canonicalIncidentId(value);
  };
}

/** `--tz ZONE`: an empty or blank zone (a variable that was not set) is refused, not read as UTC. */
export function timeZoneOption(value: string): string {
  refuseBlank('--tz', value, 'name an IANA time zone such as Europe/Berlin, or leave --tz out for $TZ or UTC');
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
