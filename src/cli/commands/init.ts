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
  const { written } = initProject(dir === '.' ? ctx.cwd : dir, opts);
  ctx.emit({ ok: true, written }, () =>
    [`wrote ${written.length} files:`, ...written.map((f) => `  ${f}`), '', 'next: aiops playbook validate && aiops playbook list'].join('\n'),
  );
}
