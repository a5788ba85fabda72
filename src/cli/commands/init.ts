import type { Command } from 'commander';
import { action, type CliContext } from '../context.js';

export function registerInit(program: Command): void {
  program
    .command('init')
    .argument('[dir]', 'where to scaffold', '.')
    .option('--force', 'overwrite existing files')
    .description('scaffold aiops.yaml, roster.yaml, playbooks/, scenarios/ and example hooks')
    .action(action(initCmd));
}

async function initCmd(ctx: CliContext, dir: string, opts: { force?: boolean }): Promise<void> {
  const { initProject } = await import('../../app/init-project.js');
  const { written } = initProject(dir, { force: opts.force, cwd: ctx.cwd });
  const { invocation } = await import('../invocation.js');
  // The line runs in the new project (after its `cd`): a node_modules/.bin there counts, not here.
  const { resolve } = await import('node:path');
  const aiops = invocation(ctx.env, resolve(ctx.cwd, dir));
  const { showArgv } = await import('../../core/show-argv.js');
  // Pasted into a shell as printed: a directory with a space or a quote is quoted, `-x` is no option of cd.
  const cd = dir === '.' ? '' : `cd ${showArgv([dir.startsWith('-') ? `./${dir}` : dir])} && `;
  const next = `${cd}${aiops} playbook validate && ${aiops} drill wrong-tenant-leak --auto`;
  ctx.emit({ ok: true, written, next }, () => [`wrote ${written.length} files:`, ...written.map((f) => `  ${f}`), '', `next: ${next}`].join('\n'));
}
