import type { Command } from 'commander';
import { action, type CliContext } from './context.js';
import { HELP_EXAMPLES } from './help-examples.js';
import { packageVersion, versionDocument } from './version.js';

/** `aiops version`, `aiops completion SHELL`, the hidden `aiops __complete`, and examples under every command's help. */
export function registerConventions(program: Command): void {
  program
    .command('version')
    .description('print the aiops version (also -v, -V, --version)')
    .action(action((ctx: CliContext) => ctx.emit(versionDocument(), () => packageVersion())));
  program
    .command('completion')
    .argument('<shell>', 'bash, zsh or fish')
    .description('print a shell completion script: commands, options, incident ids, step ids, people, hooks, scenarios')
    .action(action(completionCmd));
  program
    .command('__complete', { hidden: true })
    .argument('[words...]', 'the words after `aiops`, the last one being completed')
    .allowUnknownOption()
    .action(action((ctx: CliContext, words: string[]) => completeCmd(program, ctx, words)));
  addExamples(program);
}

/** One listener for the whole tree: a command's examples are looked up only when its help is shown. */
function addExamples(program: Command): void {
  program.addHelpText('afterAll', ({ command }) => {
    const path: string[] = [];
    for (let c: Command | null = command; c && c !== program; c = c.parent) path.unshift(c.name());
    const lines = HELP_EXAMPLES[path.join(' ')];
    return lines ? `\nExamples:\n${lines.map((l) => `  ${l}`).join('\n')}\n` : '';
  });
}

async function completionCmd(_ctx: CliContext, shell: string): Promise<void> {
  const { SHELLS, completionScript } = await import('./completion/shell-scripts.js');
  if (!(SHELLS as readonly string[]).includes(shell)) {
    const { UserError } = await import('../core/errors.js');
    throw new UserError(`no completion for "${shell}"`, { hint: `aiops completion ${SHELLS.join('|')}` });
  }
  process.stdout.write(completionScript(shell as (typeof SHELLS)[number]));
}

async function completeCmd(program: Command, ctx: CliContext, words: string[] = []): Promise<void> {
  const { requestFor } = await import('./completion/complete-words.js');
  const req = requestFor(program, words.length ? words : ['']);
  let values = req.fixed;
  if (req.kind) {
    try {
      const { valuesFor } = await import('./completion/dynamic-values.js');
      values = [...values, ...(await valuesFor(req.kind, req, ctx.env, ctx.cwd))];
    } catch {
      // A broken project or log gives fewer candidates, never an error under the cursor.
    }
  }
  // An incident id may be typed in lower case (inc-2026-…): it matches the id as the log spells it.
  const fold = req.kind === 'incident' ? (v: string) => v.toUpperCase() : (v: string) => v;
  const matching = [...new Set(values)].map((v) => (req.prefix ?? '') + v).filter((v) => fold(v).startsWith(fold(req.current)));
  if (matching.length) process.stdout.write(`${matching.join('\n')}\n`);
}
