import { Command } from 'commander';
import { handleError } from './handle-error.js';
import { UserError } from '../core/errors.js';
import { terminalText } from '../core/terminal-text.js';
import { packageVersion } from './version.js';
import { registerInit } from './commands/init.js';
import { registerPlaybook } from './commands/playbook.js';
import { registerScenario } from './commands/scenario.js';
import { registerEvidence } from './commands/evidence.js';
import { registerExport } from './commands/export.js';
import { registerReport } from './commands/report.js';
import { registerInventory } from './commands/inventory.js';
import { registerWatch } from './commands/watch.js';
import { registerDb } from './commands/db.js';
import { registerServe } from './commands/serve.js';
import { registerInbox } from './commands/inbox.js';
import { registerSchemaGroups } from './commands/schemas.js';
import { registerConventions } from './conventions.js';

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

/** The command groups built on the verb list: loading them loads every verb, so a command of another group skips them. */
const VERB_GROUPS = {
  incident: async () => (await import('./commands/incident.js')).registerIncident,
  drill: async () => (await import('./commands/drill.js')).registerDrill,
  hook: async () => (await import('./commands/hook.js')).registerHook,
  action: async () => (await import('./commands/action.js')).registerAction,
  ack: async () => (await import('./commands/ack.js')).registerAck,
} as const;
/** Top-level commands that need no verb: the first word of a command line that may skip the verb groups. */
const OTHER_GROUPS = new Set(['init', 'playbook', 'scenario', 'evidence', 'export', 'report', 'db', 'config', 'roster', 'version', 'serve', 'watch', 'inventory', 'inbox']);
const GLOBAL_OPTIONS_WITH_VALUE = new Set(['--db', '--config', '--as']);

/** The first word of argv that names a command (after `node aiops` and any global options). */
function commandWord(argv: readonly string[]): string | undefined {
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i]!;
    if (GLOBAL_OPTIONS_WITH_VALUE.has(a)) i++;
    else if (!a.startsWith('-')) return a;
  }
  return undefined;
}

/**
 * The whole command tree; with `argv`, a command outside the verb groups is built without them
 * (`aiops playbook list` need not load every verb). Help, completion and unknown words get the whole tree.
 */
export async function buildProgram(argv?: readonly string[]): Promise<Command> {
  const word = argv ? commandWord(argv) : undefined;
  const skipVerbs = word !== undefined && !(word in VERB_GROUPS) && OTHER_GROUPS.has(word);
  const verbGroups = new Map<string, (program: Command) => void>();
  if (!skipVerbs) for (const [name, load] of Object.entries(VERB_GROUPS)) verbGroups.set(name, await load());
  return assemble(verbGroups);
}

function assemble(verbGroups: ReadonlyMap<string, (program: Command) => void>): Command {
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
    .option('--tz <zone>', 'show times in this IANA zone, e.g. Europe/Berlin (default: $TZ when it names one, else tz: in aiops.yaml, else UTC); --json stays UTC')
    .addHelpText('after', EXAMPLES)
    .showHelpAfterError('(run with --help for usage)')
    // commander echoes unknown arguments back: they pass the one sanitiser too.
    .configureOutput({ writeErr: (text) => process.stderr.write(terminalText(text)) })
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .hook('preAction', (_program, action) => refuseDashDashValues(program, action));
  registerInit(program);
  registerPlaybook(program);
  registerScenario(program);
  for (const name of ['incident', 'drill', 'hook', 'action', 'ack']) verbGroups.get(name)?.(program);
  registerEvidence(program);
  registerExport(program);
  registerReport(program);
  registerInventory(program);
  registerWatch(program);
  registerDb(program);
  registerServe(program);
  registerInbox(program);
  registerSchemaGroups(program);
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

