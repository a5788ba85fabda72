import { Command } from 'commander';
import { handleError } from './handle-error.js';
import { startOutput } from './context.js';
import { UserError } from '../core/errors.js';
import { terminalText } from '../core/terminal-text.js';
import { GLOBAL_OPTIONS_WITH_VALUE, packageVersion } from './version.js';
import { registerConventions } from './conventions.js';
import { timeZoneOption } from './option-values.js';

const EXAMPLES = `
Examples:
  aiops init                                         scaffold aiops.yaml, roster.yaml, playbooks/, scenarios/
  aiops playbook list                                playbooks, versions, review and drill status
  aiops playbook validate playbooks/*.yaml           check files, every problem as FILE:LINE:COL
  aiops incident start --trigger data_leakage --title "Tenant B saw Tenant A invoices" --service assistant-eu
  aiops incident approve INC-2026-0001 pause --as alice
  aiops hook test pause-feature --param tenant=acme  show the exact argv and env, run nothing
  aiops scenario validate                            check drill scenarios against playbooks, hooks, roster
  aiops drill scenarios/wrong-tenant-leak.yaml --auto
  aiops export INC-2026-0001 --format md -o postmortem.md
  aiops evidence verify                              re-check the whole hash chain
  aiops report --since 30d                           MTTA, time to mitigate, overrides, drill scores
  aiops db init --url postgres://db.example/aiops    a shared log on PostgreSQL for a team

Exit codes: 0 ok, 1 failure, 2 bad usage or invalid input, 3 refused by policy.
`;

type Register = (program: Command) => void;

/**
 * Every top-level command group, in the order help lists them: the words it answers to and how to
 * load it. A command line naming one builds only that group; the verb groups (incident, drill, hook,
 * action, ack) load every verb, and `incident list|show|start|resume` builds its group without them.
 */
const GROUPS: { words: readonly string[]; load: (sub: string | undefined) => Promise<Register> }[] = [
  { words: ['init'], load: async () => (await import('./commands/init.js')).registerInit },
  { words: ['playbook'], load: async () => (await import('./commands/playbook.js')).registerPlaybook },
  { words: ['scenario'], load: async () => (await import('./commands/scenario.js')).registerScenario },
  {
    words: ['incident'],
    load: async (sub) => {
      const { registerIncident, PLAIN_INCIDENT_COMMANDS } = await import('./commands/incident.js');
      const addVerb = sub !== undefined && PLAIN_INCIDENT_COMMANDS.has(sub) ? undefined : (await import('./verb-command.js')).addVerbCommand;
      return (program) => registerIncident(program, addVerb);
    },
  },
  { words: ['drill'], load: async () => (await import('./commands/drill.js')).registerDrill },
  { words: ['hook'], load: async () => (await import('./commands/hook.js')).registerHook },
  { words: ['action'], load: async () => (await import('./commands/action.js')).registerAction },
  { words: ['ack'], load: async () => (await import('./commands/ack.js')).registerAck },
  { words: ['evidence'], load: async () => (await import('./commands/evidence.js')).registerEvidence },
  { words: ['export'], load: async () => (await import('./commands/export.js')).registerExport },
  { words: ['report'], load: async () => (await import('./commands/report.js')).registerReport },
  { words: ['inventory'], load: async () => (await import('./commands/inventory.js')).registerInventory },
  { words: ['watch'], load: async () => (await import('./commands/watch.js')).registerWatch },
  { words: ['db'], load: async () => (await import('./commands/db.js')).registerDb },
  { words: ['serve'], load: async () => (await import('./commands/serve.js')).registerServe },
  { words: ['inbox'], load: async () => (await import('./commands/inbox.js')).registerInbox },
  { words: ['config', 'roster'], load: async () => (await import('./commands/schemas.js')).registerSchemaGroups },
];

/** The first two words of argv that name a command and its subcommand (after `node aiops` and any global options). */
function commandWords(argv: readonly string[]): [string | undefined, string | undefined] {
  const words: string[] = [];
  for (let i = 2; i < argv.length && words.length < 2; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (GLOBAL_OPTIONS_WITH_VALUE.has(a)) i++;
    else if (a.startsWith('-')) {
      // Help asked of a group lists every command of it.
      if (a === '-h' || a === '--help') return [words[0], undefined];
    } else words.push(a);
  }
  return [words[0], words[1]];
}

/**
 * The whole command tree; with `argv` naming a group, only that group (`aiops playbook list` need
 * not load every verb). Help, completion and unknown words get the whole tree.
 */
export async function buildProgram(argv?: readonly string[]): Promise<Command> {
  const [word, sub] = argv ? commandWords(argv) : [undefined, undefined];
  const named = word === undefined ? undefined : GROUPS.find((g) => g.words.includes(word));
  const registers: Register[] = [];
  for (const group of named ? [named] : GROUPS) registers.push(await group.load(group === named ? sub : undefined));
  return assemble(registers);
}

function assemble(registers: readonly Register[]): Command {
  const program = new Command();
  program
    .name('aiops')
    .description('Incident response and tabletop drills for teams running hosted AI features')
    .version(packageVersion(), '-V, --version')
    .option('--db <path>', 'evidence database (default: $AIOPS_DB, else .aiops/aiops.db beside aiops.yaml)')
    .option('--config <path>', 'config file (default: $AIOPS_CONFIG, else aiops.yaml found upward from here)')
    .option('--as <person>', 'act as this person (default: $AIOPS_USER, else the OS user)')
    .option('--json', 'print one JSON document')
    .option('--debug', 'show stack traces for unexpected errors')
    .option('--tz <zone>', 'show times in this IANA zone, e.g. Europe/Berlin (default: $TZ when it names one, else tz: in aiops.yaml, else UTC); --json stays UTC', timeZoneOption)
    .addHelpText('after', EXAMPLES)
    .showHelpAfterError('(run with --help for usage)')
    // commander echoes unknown arguments back: they pass the one sanitiser too.
    .configureOutput({ writeErr: (text) => process.stderr.write(terminalText(text)) })
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .hook('preAction', (_program, action) => refuseDashDashValues(program, action));
  for (const register of registers) register(program);
  registerConventions(program);
  program.commands.forEach(function exitOverrideDeep(c: Command) {
    c.exitOverride();
    c.commands.forEach(exitOverrideDeep);
  });
  return program;
}

/**
 * `--title --` would take the end-of-options marker as the title; an option given `--` as its
 * value almost always lost its real value, so it is refused rather than recorded.
 */
function refuseDashDashValues(...commands: Command[]): void {
  for (const c of commands) {
    for (const o of c.options) {
      const v: unknown = c.getOptionValue(o.attributeName());
      if (v === '--' || (Array.isArray(v) && v.includes('--'))) {
        throw new UserError(`${o.long ?? o.flags} was given "--" as its value`, { hint: `give ${o.long ?? o.flags} a value, e.g. ${o.long ?? o.flags} "…"; "--" only ends the options` });
      }
    }
  }
}

export async function run(argv: string[]): Promise<void> {
  startOutput();
  const program = await buildProgram(argv);
  const json = argv.includes('--json');
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = handleError(err, { json, debug });
    return;
  }
  if (process.exitCode === undefined) process.exitCode = 0;
}

