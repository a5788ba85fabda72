/** Errors typed by what the user must do; one handler in src/cli turns them into exit codes. */

export interface Where {
  file?: string;
  line?: number;
  col?: number;
}

/** Something the user must fix (bad usage, invalid input). Exit 2. */
export class UserError extends Error {
  readonly where?: Where;
  readonly hint?: string;
  readonly details: string[];
  constructor(message: string, opts: { where?: Where; hint?: string; details?: string[] } = {}) {
    super(message);
    this.name = 'UserError';
    this.where = opts.where;
    this.hint = opts.hint;
    this.details = opts.details ?? [];
  }
}

/** A command refused by policy (missing approval, wrong role). Exit 3. */
export class PolicyRefusal extends Error {
  readonly rule: string;
  /** The command that gets past it, when there is one (not part of the logged message). */
  readonly hint?: string;
  constructor(rule: string, message: string, hint?: string) {
    super(message);
    this.name = 'PolicyRefusal';
    this.rule = rule;
    if (hint !== undefined) this.hint = hint;
  }
}

/** The command could not complete for a reason outside the user's input (write failed, hook failed). Exit 1. */
export class OperationFailed extends Error {
  readonly hint?: string;
  constructor(message: string, opts: { hint?: string; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'OperationFailed';
    this.hint = opts.hint;
  }
}

/**
 * An option given blank (`--service ""`, "   "), most often a variable a script left unset: refused
 * rather than read as "none" or as "all". Left out, an option has its default; given, it must say something.
 */
export function refuseBlank(flag: string, value: string | undefined, hint: string): void {
  if (value !== undefined && !value.trim()) throw new UserError(`${flag} is blank`, { hint });
}

export function formatWhere(where: Where | undefined): string {
  if (!where?.file) return '';
  if (where.line === undefined) return `${where.file}: `;
  return `${where.file}:${where.line}:${where.col ?? 1}: `;
}

/**
 * The evidence log cannot be reached now (its server is down or the connection to it was lost):
 * exit 1 like any failed operation; `aiops serve` answers 503 so the sender retries. `location`
 * names it for messages (never a password); `inDoubt`: the connection went while a write was
 * committing, so it may have been recorded.
 */
export class LogUnreachable extends OperationFailed {
  readonly location: string;
  readonly inDoubt: boolean;
  constructor(message: string, opts: { location: string; inDoubt?: boolean; hint?: string; cause?: unknown }) {
    super(message, opts);
    this.name = 'LogUnreachable';
    this.location = opts.location;
    this.inDoubt = opts.inDoubt ?? false;
  }
}
