import type { ShownArg } from '../show-argv.js';
import type { Approval, StepState } from './state.js';
import { argvChanges } from './decide/argv-changes.js';

/** What a step's hook would run now, in the two forms an approval may be pinned to. */
export interface HookPin {
  /** The command as aiops.yaml gives it, templates filled, the program as written: the same on every host. */
  command: readonly string[];
  /** The argv as this host runs it: a project-relative program resolved against this project's root. */
  argv: readonly string[];
  /** argv for a reader, a value that is missing marked as such (a resolved hook gives it). */
  shown?: readonly ShownArg[];
}

/** How an approval's pin differs from what would run now. */
export interface PinChange {
  approved: string[];
  now: string[];
  changes: string[];
}

/**
 * How an approval's pin differs from what would run now, or null when it still holds (or pins
 * nothing). An approval pins the configured command; one written before aiops pinned commands
 * holds only the argv its host resolved, and is compared with the argv as this host resolves it.
 */
export function pinChange(approval: Pick<Approval, 'argv' | 'command'>, now: HookPin): PinChange | null {
  const pair = approval.command ? ([approval.command, now.command] as const) : approval.argv ? ([approval.argv, now.argv] as const) : null;
  if (!pair) return null;
  const changes = argvChanges(pair[0], pair[1]);
  return changes.length ? { approved: [...pair[0]], now: [...pair[1]], changes } : null;
}

/** The first approval of a step's round that no longer holds for what would run now, with what changed. */
export function firstLapse(step: Pick<StepState, 'approvals'>, now: HookPin): (PinChange & { approval: Approval }) | null {
  for (const approval of step.approvals) {
    const change = pinChange(approval, now);
    if (change) return { ...change, approval };
  }
  return null;
}
