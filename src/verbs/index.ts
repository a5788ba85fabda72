import ack from './ack.js';
import actionAdd from './action-add.js';
import actionClose from './action-close.js';
import approve from './approve.js';
import assign from './assign.js';
import close from './close.js';
import deny from './deny.js';
import drillDebrief from './drill-debrief.js';
import drillEnd from './drill-end.js';
import drillJudge from './drill-judge.js';
import drillPause from './drill-pause.js';
import drillResume from './drill-resume.js';
import edit from './edit.js';
import handoff from './handoff.js';
import hookRecord from './hook-record.js';
import hookRetry from './hook-retry.js';
import hookRun from './hook-run.js';
import hookUndo from './hook-undo.js';
import impact from './impact.js';
import note from './note.js';
import override from './override.js';
import request from './request.js';
import review from './review.js';
import severity from './severity.js';
import status from './status.js';
import stepChoose from './step-choose.js';
import stepDone from './step-done.js';
import stepReopen from './step-reopen.js';
import stepSkip from './step-skip.js';
import type { Verb, VerbId } from './verb.js';

export { VERB_IDS, type Verb, type VerbArg, type VerbArgs, type VerbId, type VerbIo, type VerbOutcome } from './verb.js';

/**
 * Every user verb, declared once. Where verbs share a CLI command, the first listed is the
 * command's default and fixes the order of its options.
 */
export const VERBS: readonly Verb[] = [
  assign,
  handoff,
  stepDone,
  stepSkip,
  stepChoose,
  stepReopen,
  hookRetry,
  approve,
  override,
  deny,
  request,
  note,
  severity,
  edit,
  status,
  close,
  hookRun,
  hookUndo,
  hookRecord,
  drillJudge,
  drillEnd,
  drillPause,
  drillResume,
  drillDebrief,
  impact,
  review,
  actionAdd,
  actionClose,
  ack,
];

/** The verb with this id; throws on an id outside the vocabulary (a bug in the caller). */
export function verbById(id: VerbId): Verb {
  const v = VERBS.find((x) => x.id === id);
  if (!v) throw new Error(`no verb ${id}`);
  return v;
}

/** The verbs a CLI command reaches (`incident step`), default first. */
export function verbsOfCommand(command: string): Verb[] {
  return VERBS.filter((v) => v.cli.command === command);
}

/** Which of a command's verbs these options mean: the one whose picking arg is set, else the default. */
export function pickVerb(command: string, args: Record<string, unknown>): Verb {
  const verbs = verbsOfCommand(command);
  const picked = verbs.filter((v) => v.cli.picked !== undefined && args[v.cli.picked] !== undefined && args[v.cli.picked] !== false);
  return picked[0] ?? verbs[0]!;
}
