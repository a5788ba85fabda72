import type { Session } from '../app/session.js';
import type { CliContext } from './context.js';

/**
 * Opens a session on the project for one command, runs `fn`, and always closes it.
 * The app is imported lazily so `aiops --version` and help never load it.
 */
export interface SessionNeeds {
  /** The command only reads. */
  readOnly?: boolean;
  /** The command may create the log (incident start, drills). Every other command refuses a missing one. */
  create?: boolean;
  /** A listing: with no log yet it lists nothing, and creates nothing. */
  listing?: boolean;
  /** A read command that still records what it notices (show logs steps it finds overdue): opened read-write. */
  records?: boolean;
  /** The incident the command is about: an unexpected failure is checked against its evidence (tampering, not a bug). */
  incident?: string;
  /**
   * The command acts only on an incident already open, whose playbook is pinned in the log (the
   * verbs, resume): a cached project's playbooks are not re-read from YAML, only aiops.yaml and the
   * roster. Commands that may open one (start, drills) leave it unset.
   */
  pinned?: boolean;
}

export async function withSession<T>(ctx: CliContext, fn: (session: Session) => Promise<T> | T, opts: SessionNeeds = {}): Promise<T> {
  const { loadProjectFor } = await import('./load.js');
  const { openSession } = await import('../app/session.js');
  const project = await loadProjectFor(ctx, opts);
  if (!project.configFile && !ctx.db && !ctx.env.AIOPS_DB) {
    // Without aiops.yaml there are no hooks, approvals or roster: refuse rather than quietly start a database here.
    const { UserError } = await import('../core/errors.js');
    throw new UserError(`no aiops.yaml in ${ctx.cwd} or any directory above it`, {
      hint: 'cd into your project, run `aiops init` here, or pass --config PATH (or --db PATH to read an existing log)',
    });
  }
  // A project's own log not there yet lists nothing; a log named with --db or AIOPS_DB that is not
  // there is a typo or a missing mount, and says so as every other command does.
  const named = ctx.db ? `--db ${ctx.db}` : ctx.env.AIOPS_DB ? `$AIOPS_DB=${ctx.env.AIOPS_DB}` : undefined;
  const session = await openSession({ cwd: ctx.cwd, env: ctx.env, as: ctx.as, clock: ctx.clock, project, create: opts.create, emptyIfMissing: opts.listing && !named, readonly: opts.readOnly && !opts.create && !opts.records, named });
  // (ctx.err passes the path through the terminal sanitiser, as every line it writes)
  if (session.createdLog) ctx.err(`created a new evidence log at ${session.createdLog}`);
  try {
    return await fn(session);
  } catch (err) {
    if (!opts.incident) throw err;
    const { explainFailure } = await import('../app/tampered-incident.js');
    throw await explainFailure(session.log, opts.incident, err);
  } finally {
    await session.close();
  }
}
