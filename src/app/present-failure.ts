import { didYouMean } from '../core/closest-name.js';
import { timeFormatter } from '../export/format-time.js';
import { type DecideContext, type Failure, type Holder, type InvalidCode, type InvalidData, type Refused, type RefusalData, type RefusalRule, refusalEvent } from '../core/decide.js';
import { PolicyRefusal, UserError } from '../core/errors.js';
import type { NewEvent } from '../core/events.js';
import type { IncidentState } from '../core/incident-state.js';
import { isHookStepId } from '../core/hook-step.js';
import { withdrawnWords } from '../core/severity-policy.js';

/** A failure as people read it: what was wrong, and what to try. */
export interface Phrase {
  message: string;
  hint?: string;
}

const holders = (list: Holder[]) => list.map((h) => `${h.role}: ${h.person ?? 'unassigned'}`).join(', ');
const held = (roles: string[]) => roles.join(', ') || 'no role';
const say = (message: string, hint?: string): Phrase => (hint === undefined ? { message } : { message, hint });
const UTC = timeFormatter(undefined);
/** An instant in a message as the UTC formatter shows it, marked UTC (2026-03-01 02:00:00 UTC), not the log's ISO form; every refusal shows instants so. */
export const shownInstant = (iso: string | undefined | null) => (typeof iso === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(iso) ? `${UTC.dateTime(iso)} ${UTC.label(iso)}` : String(iso));
const when = shownInstant;

/** One phrase per invalid-input code; the mapped type makes a missing one a compile error. */
export const INVALID_PHRASES: { [C in InvalidCode]: (d: InvalidData[C]) => Phrase } = {
  'incident.missing': (d) => say(`no incident to ${d.command}`),
  'incident.exists': (d) => say(`${d.incident} already exists`),
  'incident.not-drill': (d) => say(`${d.incident} is not a drill`),
  'role.unknown': (d) => say(`unknown role "${d.role}"; roles are ${d.roles.join(', ')}`),
  'person.unusable': (d) => say(`"${d.person}" is not a usable person name`, 'use a roster id like alice'),
  'person.not-in-roster': (d) => say(`${d.person} is not in the roster${didYouMean(d.person, d.people)}`, `people: ${d.people.join(', ')}`),
  'handoff.unheld': (d) => say(`${d.role} is not held by anyone yet; use assign`),
  'step.unknown': (d) => say(`no step "${d.step}" in ${d.playbook}`, d.steps ? `steps: ${d.steps.join(', ')}` : undefined),
  'step.finished': (d) => say(`step ${d.step} was already ${d.status === 'done' ? 'done' : 'skipped'} by ${d.by} at ${when(d.at)}`, `if that was a mistake: --reopen --reason "why" opens it again`),
  'step.already': (d) => say(`step ${d.step} is already ${d.status}`),
  'step.not-finished': (d) => say(`step ${d.step} is ${d.status}, not done or skipped: there is nothing to reopen`),
  'step.not-decision': (d) => say(`step ${d.step} is a ${d.kind}, not a decision; use --done`),
  'step.is-decision': (d) => say(`step ${d.step} is a decision: choose with --choose (${d.options.join(', ')})`),
  'step.completes-by-hook': (d) => say(`step ${d.step} completes when hook ${d.hook} succeeds`, `aiops incident step ${d.incident} ${d.step} --done runs it once approvals are in`),
  'step.no-hook': (d) =>
    d.asked === undefined
      ? say(`step ${d.step} has no hook to run`)
      : say(`step ${d.step} has no hook: use ${d.decision ? '--choose OPTION' : '--done'} or --skip REASON`, `aiops incident step ${d.incident ?? 'ID'} ${d.step} ${d.decision ? '--choose OPTION' : '--done'}`),
  'option.unknown': (d) => say(`step ${d.step} has no option "${d.option}"; options: ${d.options.join(', ')}`),
  'skip.reason-missing': () => say('skipping a step needs a reason (--skip "why")'),
  'record.note-missing': () => say('recording a step done by hand needs --note saying what was done'),
  'record.nothing-failed': (d) => say(`--record is for a hook that failed or whose outcome is unknown; step ${d.step} has ${d.hasRun ? 'a successful run' : 'no run yet'}`),
  'hook.not-succeeded': (d) => say(`hook ${d.hook} for step ${d.step} has not succeeded`),
  'hook.already-succeeded': (d) => say(`hook ${d.hook} already succeeded for step ${d.step}`),
  'hook.undefined': (d) => say(`hook "${d.hook}" is not defined in aiops.yaml`, d.hooks ? `hooks: ${d.hooks.join(', ') || 'none'}` : undefined),
  'hook-step.not-requested': (d) => say(`nothing was requested for ${d.step}`, `aiops hook run ${d.incident} ${d.hook} --param k=v asks for approval of the exact command`),
  'approval.not-needed': (d) => say(`step ${d.step} needs no approval`),
  'approval.complete': (d) => say(`step ${d.step} is already fully approved`),
  'approval.hook-blocked': (d) =>
    say(`${d.reason}; nothing was approved and nothing ran`, d.hook ? `aiops hook test ${d.hook} --incident ${d.incident} shows what it would run` : undefined),
  'override.reason-missing': () => say('an override needs --reason'),
  'override.nothing-missing': (d) => say(`step ${d.step} is already fully approved; nothing to override`),
  'deny.reason-missing': () => say('a deny needs --reason'),
  'run.unknown': (d) => say(`no hook run "${d.run}" in ${d.incident}`),
  'run.ambiguous': (d) => say(`"${d.ref}" could mean ${d.candidates.map((c) => `${c.run} (${c.hook}${c.step ? `, step ${c.step}` : ''}, ${c.outcome})`).join(' or ')}`, 'give the run id as `incident show` lists it, e.g. run-2'),
  'run.has-outcome': (d) => say(`run ${d.run} already has an outcome (${d.ok ? 'ok' : 'failed'})`),
  'outcome.note-missing': () => say('recording an outcome needs --note saying how you checked'),
  'undo.not-succeeded': (d) => say(`run ${d.run} (${d.hook}) did not succeed; there is nothing to undo`),
  'undo.mismatch': (d) => say(`hook ${d.hook} has ${d.undo ? `undo ${d.undo}` : 'no undo'} in aiops.yaml, not ${d.requested}`),
  'note.empty': () => say('a note needs text or an attachment'),
  'context.clash': (d) =>
    say(`context key ${JSON.stringify(d.key)} and the incident's ${JSON.stringify(d.other)} are both ${d.variable} to a hook; nothing was written`, `give it as ${JSON.stringify(d.other)} to change that value, or choose a name that differs in more than punctuation or case`),
  'debrief.empty': () => say('a debrief note needs text'),
  'severity.reason-missing': () => say('changing severity needs --reason'),
  'severity.unchanged': (d) => say(`${d.incident} is already ${d.severity}`),
  'edit.reason-missing': () => say('changing the title or service needs --reason'),
  'edit.unchanged': (d) =>
    d.given.length === 0
      ? say('say what to change: --title "..." and/or --service "..."')
      : say(`${d.incident} already has that ${d.given.join(' and ')}; nothing to change`),
  'edit.value-invalid': (d) =>
    d.problem === 'empty'
      ? say(`the new ${d.field} is empty`)
      : say(`the new ${d.field} holds a control character, a line break or a bidi control`, `give it as plain text on one line: it reaches hook commands and terminals`),
  'ack.nothing': (d) => {
    const withdrawn = d.withdrawn?.length ? `; ${d.withdrawn.map(withdrawnWords).join('; ')}` : '';
    return d.held?.length
      ? say(`${d.incident} has no page waiting for an ack, and you hold none of the roles its held severity policies wait for (${d.held.map((h) => `${h.policy}: ${h.role}`).join(', ')})${withdrawn}`)
      : say(`${d.incident} has no page waiting for an ack${withdrawn}`, `aiops inbox lists the pages not acknowledged`);
  },
  'ack.unknown-page': (d) => say(`${d.incident} has no page ${d.page}${d.known.length ? ` (its pages: ${d.known.join(', ')})` : ''}`),
  'status.unchanged': (d) => say(`${d.incident} is already ${d.status}`),
  'close.summary-missing': () => say('closing needs a summary (aiops incident close ID --summary "...")'),
  'reopen.reason-missing': () => say('reopening needs --reason'),
  'duplicate.target-missing': () => say('a duplicate names the incident it duplicates: aiops incident status ID duplicate-of INC-…'),
  'duplicate.self': (d) => say(`${d.incident} cannot be a duplicate of itself`),
  'duplicate.of-duplicate': (d) =>
    d.original === d.incident
      ? say(`${d.target} is already a duplicate of ${d.incident}: ${d.incident} is the original`, `to make ${d.target} the original, reopen it first: aiops incident status ${d.target} open --reason ..`)
      : say(
          `${d.target} is itself a duplicate${d.original ? ` of ${d.original}` : ''}; a duplicate names the original`,
          d.original ? `aiops incident status ${d.incident} duplicate-of ${d.original}` : undefined,
        ),
  'drill.already-ended': (d) => say(`drill ${d.incident} already ended at ${when(d.at)} with score ${d.score ?? 'unknown'}`, `aiops drill report ${d.incident}`),
  'drill.not-ended': (d) => say(`drill ${d.incident} has not ended yet`, `aiops drill report ${d.incident}`),
  'impact.empty': () => say('impact needs some text: what was affected, who, for how long', 'aiops incident impact ID "what users saw" --affected "who/what" --duration "how long"'),
  'review.empty': () => say('review needs at least one of --cause, --factor, --went-well, --went-badly'),
  'action.text-missing': () => say('an action item needs text saying what to do'),
  'action.owner-missing': () => say('an action item needs an owner (--owner PERSON)'),
  'action.due-invalid': (d) => say(`--due ${d.due} is neither a duration from now (7d, 2w) nor a date (2026-12-31)`),
  'action.due-past': (d) => say(`--due ${d.due} is ${d.now ? 'now' : 'already past'} (${d.at.slice(0, 10)}): an action item is due later`, 'give a duration from now (7d, 2w) or a date to come'),
  'action.due-far': (d) => say(`--due ${d.due} is too far off (${d.at.slice(0, 10)}): an action item is due within ${d.maxDays}d`, 'give a duration from now (7d, 2w) or a date within ten years'),
  'action.unknown': (d) => say(`no action item ${d.action} in ${d.incident}`, d.actions.length ? `action items: ${d.actions.join(', ')}` : `aiops action add ${d.incident} "…" --owner P --due 7d`),
  'action.already-closed': (d) => say(`action item ${d.action} was already closed by ${d.by} at ${when(d.at)}`),
  'judge.reason-missing': (d) =>
    say(`${d.expectation} was already judged ${d.met ? 'met' : 'missed'} by ${d.by} at ${when(d.at)}; a judgment is final`, `to change it, judge it again with --reason "why"`),
  'drill.already-paused': (d) => say(`drill ${d.incident} is already paused (since ${when(d.since)})`, `aiops drill resume ${d.incident}`),
  'drill.not-paused': (d) => say(`drill ${d.incident} is not paused`, `aiops drill pause ${d.incident}`),
};

/** One phrase per refusal rule; where a rule guards several commands, the command (or the data) picks the words. */
export const REFUSAL_PHRASES: { [R in RefusalRule]: (d: RefusalData[R], command: string) => string } = {
  'drill.facilitator': (d) => `only the facilitator (${d.facilitator}) ${d.what} on ${d.incident}; ${d.actor} is a participant`,
  'incident.closed': (d) => `${d.incident} is ${d.status === 'duplicate' ? 'a duplicate' : d.status ?? 'closed'}; reopen it first (aiops incident status ${d.incident} open --reason ..)`,
  'authority.assign': (d) => `only ${d.allowed.join(' or ')} may ${d.verb} roles (${holders(d.holders)}); ${d.actor} holds ${held(d.held)}`,
  'authority.severity': (d) => `only ${d.allowed.join(' or ')} may change severity (${holders(d.holders)})`,
  'authority.status': (d) => `only ${d.allowed.join(' or ')} may change status (${holders(d.holders)})`,
  'authority.close': (d) => `only ${d.allowed.join(' or ')} may close (${holders(d.holders)})`,
  'status.transition': (d) => `cannot go from ${d.from} to ${d.to}; from ${d.from} an incident may go to ${d.allowed.join(' or ')}`,
  'step.owner': (d) => {
    if ('incident' in d) return `${d.actor} holds no role in ${d.incident}; only responders may ask to run hooks`;
    if ('holders' in d) return `step ${d.step} belongs to ${d.owner} (${holders(d.holders)}); ${d.actor} holds ${held(d.held)}`;
    return `step ${d.step} belongs to ${d.owner}; ${d.actor} may not run its hook`;
  },
  'approval.missing': (d) => {
    if (!('hook' in d)) return `step ${d.step} still needs approval from ${d.missing.join(' and ')}`;
    const have = d.have.map((a) => `${a.role} by ${a.person}`).join(', ');
    return `hook ${d.hook} for step ${d.step} needs approval from ${d.missing.join(' and ')}${have ? ` (have: ${have})` : ''}; nothing ran`;
  },
  'approval.denied': (d, command) =>
    `step ${d.step} was denied by ${d.by}: ${d.reason}${command === 'approve' ? `; re-request it first (aiops incident request ${d.incident} ${d.step})` : ''}`,
  'approval.role': (d) =>
    'missing' in d
      ? `approving ${d.step} needs ${d.missing.join(' or ')} (${holders(d.holders)}); ${d.actor} holds ${held(d.held)}`
      : `denying ${d.step} needs one of ${d.roles.join(', ')}; ${d.actor} holds ${held(d.held)}`,
  'approval.two-person': (d) => `${d.actor} already approved ${d.step} as ${d.role}; two-person rule: the ${d.missing.join(' and ')} approval must come from someone else`,
  'override.commander': (d) => `only the commander may override approvals (${holders(d.holders)})`,
  'edit.commander': (d) => `only the commander may change the title or service (${holders(d.holders)})`,
  'hook.outcome-unknown': (d, command) =>
    `hook ${d.hook} started at ${when(d.startedAt)} (run ${d.run}) has no recorded outcome — check and record it (aiops hook record ${d.incident} ${d.run} --ok|--failed --note ..)${command === 'request' ? ' before asking again' : '; it is never retried silently'}`,
  'hook.once-per-approval': (d) => `hook ${d.hook} already ran for step ${d.step} under this approval and failed; re-run it explicitly with --retry`,
  'policy.held': (d) => `severity policy ${d.policy} holds ${d.step} (hook ${d.hook}) until the ${d.role}${d.holder ? ` (${d.holder})` : ''} acknowledges: aiops ack ${d.incident}`,
  'step.bypassed': (d, command) =>
    `step ${d.step} is off the path the decisions took (bypassed), so it cannot be ${command === 'approve' ? 'approved' : 'fired'}${d.hook ? `; hook ${d.hook} does not run` : ''}`,
  'hook.running': (d) => `hook ${d.hook} is running now (run ${d.run}, fired by ${d.by} at ${when(d.at)}, aiops pid ${d.pid}); it fires once per approval — wait for its outcome`,
  'approval.lapsed': (d) =>
    `hook ${d.hook} for step ${d.step} would now run something other than what was approved (${d.changes.join('; ')}); the approvals lapsed and nothing ran — approve it again (aiops incident approve ${d.incident} ${d.step})`,
  'postmortem.role': (d) => `${d.actor} holds no role in ${d.incident}; the postmortem (${d.command}) is written by its responders`,
  'record.role': (d) =>
    `recording the outcome of ${d.run} (hook ${d.hook}) needs ${d.owner ? `the step owner (${d.owner}), ` : ''}an approver of it or the commander; ${d.actor} is none of them`,
  'context.role': (d) => `${d.actor} holds no role in ${d.incident}; context values feed hook commands, so only responders may set them`,
};

function phraseInvalid<C extends InvalidCode>(code: C, data: InvalidData[C]): Phrase {
  return INVALID_PHRASES[code](data);
}

function phraseRefusal<R extends RefusalRule>(rule: R, data: RefusalData[R], command: string): string {
  return REFUSAL_PHRASES[rule](data, command);
}

/**
 * The command that gets past a refusal of `incident`, where one does: shown as `try:` after the
 * refusal (the logged message stays as it was). A hook fired on its own (`hook:NAME`) has its own
 * commands, so only playbook steps get one here.
 */
export function refusalHint(incident: string, refused: Refused): string | undefined {
  switch (refused.rule) {
    case 'approval.missing':
      if (isHookStepId(refused.data.step)) return undefined;
      return `aiops incident approve ${incident} ${refused.data.step}, as ${refused.data.missing.join(' and ')} (the approval that completes the set runs its hook)`;
    case 'hook.once-per-approval':
      return isHookStepId(refused.data.step) ? undefined : `aiops incident step ${incident} ${refused.data.step} --retry`;
    case 'postmortem.role': {
      // Who may write it instead: the responders, by name (an action item's owner is not one by owning it).
      const who = (refused.data.responders ?? []).map((h) => `${h.person} (${h.role})`);
      if (who.length === 0) return undefined;
      const item = typeof refused.args.action === 'string' ? refused.args.action : undefined;
      return refused.data.command === 'action-close' && item
        ? `a responder closes it: ${who.join(', ')} — aiops action close ${incident} ${item} --note ..`
        : `a responder writes it: ${who.join(', ')}`;
    }
    case 'status.transition': {
      const d = refused.data;
      return d.to === 'closed' && d.allowed.includes('resolved') ? `resolve it first: aiops incident status ${incident} resolved --reason .., then aiops incident close ${incident} --summary ..` : undefined;
    }
    default:
      return undefined;
  }
}

/** The message (and hint) a failing decision shows: the same words on the CLI, in the TUI and in policy.refused. */
export function phraseFailure(failure: Failure): Phrase {
  if (failure.kind === 'invalid') return phraseInvalid(failure.code, failure.data);
  return { message: phraseRefusal(failure.rule, failure.data, failure.command) };
}

/** The policy.refused event that logs a refusal, with its phrased message. */
export function refusalEventFor(state: IncidentState, ctx: Pick<DecideContext, 'actor' | 'now'>, refused: Refused): NewEvent {
  return refusalEvent(state, ctx, refused, phraseFailure(refused).message);
}

/** The error a failing decision throws: a policy refusal (exit 3) or bad input (exit 2). */
export function failureError(failure: Failure): PolicyRefusal | UserError {
  const { message, hint } = phraseFailure(failure);
  return failure.kind === 'refused' ? new PolicyRefusal(failure.rule, message) : new UserError(message, { hint });
}

/** The warning for a playbook role nobody is on call for, when an incident opens with on-call assignment. */
export function oncallGapWarning(role: string): string {
  return `no on-call ${role} in the roster; assign one with aiops incident assign`;
}
