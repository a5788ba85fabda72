import { userInfo } from 'node:os';
import type { Clock } from '../core/clock.js';
import { systemClock } from '../core/clock.js';
import { UserError } from '../core/errors.js';
import { type EventLog, logExists, missingLogFile, newLogFile, openEventLog } from '../store/index.js';
import { type Identity, resolveIdentity, rosterSpelling } from './identity.js';
import { recordHead } from './kept-head.js';
import type { Project, ProjectOptions } from './project.js';

/** Everything a use case needs: the project, the evidence log, the clock and who is acting. */
export interface Session {
  project: Project;
  log: EventLog;
  clock: Clock;
  actor: string;
  /** How the actor was established (identity: in aiops.yaml); absent means a claimed name, as before. */
  identity?: Identity;
  /** The file of a log this session created, when the user named it (SessionOptions.named): a typo in its name must not pass unseen. */
  createdLog?: string;
  close(): Promise<void>;
}

export interface SessionOptions extends ProjectOptions {
  as?: string;
  clock?: Clock;
  /** The loaded project (loadProject / the CLI's cached loader); loading stays out of this module so it starts fast. */
  project: Project;
  /** Create the log when missing: only commands that open incidents may; the rest refuse a missing log. */
  create?: boolean;
  /** A listing on a project with no log yet sees an empty one (nothing is created). */
  emptyIfMissing?: boolean;
  /** The command only reads: the log is opened read-only (no migration, no WAL switch, a read-only file works). */
  readonly?: boolean;
  /**
   * How the user named the log, as they wrote it (`--db PATH`, `$AIOPS_DB=PATH`); unset for the project's own.
   * A named log is created only in a directory that exists: a mistyped path must not start a second log.
   */
  named?: string;
}

export function resolveActor(as: string | undefined, env: NodeJS.ProcessEnv): string {
  const who = as ?? env.AIOPS_USER ?? safeUsername();
  if (!who || !/^[A-Za-z0-9][A-Za-z0-9_.@-]*$/.test(who)) {
    throw new UserError(`"${who}" is not a usable person name`, { hint: 'pass --as PERSON (a roster id like alice)' });
  }
  return who;
}

function safeUsername(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** Opens the project's evidence log for one command (or one TUI) and says who is acting. */
export async function openSession(opts: SessionOptions): Promise<Session> {
  const env = opts.env ?? process.env;
  const project = opts.project;
  const claimedName = opts.as ?? env.AIOPS_USER;
  const empty = opts.emptyIfMissing && !opts.create && !(await logExists(project.dbPath));
  const created = opts.create && opts.named ? await newLogFile(project.dbPath) : null;
  if (created?.problem === 'does not exist') {
    throw new UserError(`${opts.named}: directory ${created.directory} does not exist; create it first, or check the path`, {
      hint: `mkdir -p ${created.directory} if it is meant; a log named with --db or $AIOPS_DB is never given new directories, so a mistyped path cannot start a second log`,
    });
  }
  if (created?.problem) throw new UserError(`${opts.named}: ${created.directory} is not a directory; check the path`);
  // A read of a named log that is not there: the path is the likely mistake (its hint must not
  // send the user to the --db they already gave).
  if (opts.named && !opts.create && !opts.emptyIfMissing && (await missingLogFile(project.dbPath))) {
    throw new UserError(`no evidence log at ${project.dbPath}`, { hint: `check ${opts.named}: no log is there (without it, the project's own log is used)` });
  }
  const log = await openEventLog(empty ? 'memory:' : project.dbPath, opts.readonly && !empty ? { readonly: true } : { create: opts.create ?? false });
  try {
    const identity = resolveIdentity({
      mode: project.config.identity,
      login: log.login,
      roster: project.roster,
      // Names compare as the roster spells them: `Alice` and `alice` are one person.
      claimed: claimedName === undefined ? undefined : rosterSpelling(project.roster.people, claimedName),
      resolveClaimed: () => rosterSpelling(project.roster.people, resolveActor(opts.as, env)),
    });
    const headFile = env.AIOPS_HEAD_FILE;
    const before = headFile ? await log.head() : null;
    const close = async (): Promise<void> => {
      try {
        const after = headFile ? await log.head() : null;
        if (headFile && after && after.seq !== before?.seq) recordHead(headFile, after);
      } finally {
        await log.close();
      }
    };
    return { project, log, clock: opts.clock ?? systemClock, actor: identity.actor, identity, close, ...(created ? { createdLog: created.path } : {}) };
  } catch (err) {
    await log.close();
    throw err;
  }
}

export function nowIso(session: Pick<Session, 'clock'>): string {
  return session.clock.now().toISOString();
}
