import { createInterface } from 'node:readline/promises';
import type { Session } from '../app/session.js';
import { UserError } from '../core/errors.js';
import { programNote, showArgv } from '../core/show-argv.js';
import type { VerbArgs } from '../verbs/verb.js';
import type { CliContext } from './context.js';

/**
 * On a terminal, `incident approve` shows the exact argv the approval is for and asks before
 * recording anything; `--yes`, `--json` or no TTY approve as typed (scripts never hang on a question).
 */
export async function confirmApprove(ctx: CliContext, session: Session, id: string, args: VerbArgs): Promise<void> {
  if (args.yes === true || ctx.json || !ctx.stdinIsTTY || !ctx.stdoutIsTTY) return;
  const { approvalHook } = await import('../app/incidents.js');
  const hook = await approvalHook(session, id, String(args.step));
  if (!hook) return;
  ctx.err(`${String(args.step)} runs: ${showArgv(hook.shown)}${programNote(hook.command, hook.argv)}`);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  let answer: string;
  try {
    answer = await rl.question(args.run === false ? 'Approve it (it runs later)? [y/N] ' : 'Approve it (it runs once every approval is in)? [y/N] ');
  } finally {
    rl.close();
  }
  if (!/^y(es)?$/i.test(answer.trim())) throw new UserError('not approved: nothing was recorded', { hint: 'answer y to approve, or pass --yes to approve without the question' });
}
