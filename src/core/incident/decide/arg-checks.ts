import { parseDuration } from '../../duration.js';
import type { Playbook, Step } from '../../schemas/playbook.js';
import { completionOf, optionsOf } from '../../step-kinds/index.js';
import { playbookRoles } from '../../validate-playbook.js';
import type { Command } from './command.js';
import { invalid } from './decision.js';
import type { Invalid } from './failures.js';

/** A role the playbook does not have is refused, as `assign` refuses it. */
export function unknownRole(role: string, playbook: Playbook): Invalid | null {
  const roles = playbookRoles(playbook);
  return roles.includes(role) ? null : invalid('role.unknown', { role, roles });
}

/** The option a decision step's `choose` names (`Yes` is `yes` when no other option differs by case alone), or why none. */
export function chosenOption(spec: Step, option: string | undefined): { id: string; goto?: string } | Invalid {
  if (completionOf(spec).by !== 'option') return invalid('step.not-decision', { step: spec.id, kind: spec.kind });
  const options = optionsOf(spec);
  const folded = options.filter((o) => o.id.toLowerCase() === option?.toLowerCase());
  const opt = options.find((o) => o.id === option) ?? (folded.length === 1 ? folded[0] : undefined);
  return opt ?? invalid('option.unknown', { step: spec.id, option, options: options.map((o) => o.id) });
}

/** `done` on a decision step is refused, naming its options: a decision is completed by choosing one. */
export function doneOnDecision(spec: Step): Invalid | null {
  return completionOf(spec).by === 'option' ? invalid('step.is-decision', { step: spec.id, options: optionsOf(spec).map((o) => o.id) }) : null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** When an action item is due: a duration from now (`7d`), or a date (the end of that day, UTC). */
export function dueInstant(due: string, now: string): string | undefined {
  const text = due.trim();
  const ms = parseDuration(text);
  if (ms !== undefined) return new Date(Date.parse(now) + ms).toISOString();
  if (!DATE.test(text)) return undefined;
  const end = Date.parse(`${text}T23:59:59.999Z`);
  // Date.parse rolls 2026-02-30 over into March: a day that is not in the calendar is not a date.
  return Number.isNaN(end) || new Date(end).toISOString().slice(0, 10) !== text ? undefined : new Date(end).toISOString();
}

/**
 * What a command's args make invalid against its playbook whatever the incident's state: the
 * checks decide makes of them, for `scenario validate` to locate in a script before any drill
 * plays. `field` is the command's field that holds the refused value.
 */
export function staticArgFailure(cmd: Command, playbook: Playbook): { field: string; failure: Invalid } | null {
  if (cmd.kind === 'assign') {
    const failure = unknownRole(cmd.role, playbook);
    return failure ? { field: 'role', failure } : null;
  }
  if (cmd.kind === 'step') {
    const spec = playbook.steps.find((s) => s.id === cmd.step);
    if (!spec) return null;
    if (cmd.action === 'choose') {
      const chosen = chosenOption(spec, cmd.option);
      return 'ok' in chosen ? { field: 'option', failure: chosen } : null;
    }
    const failure = cmd.action === 'done' && !cmd.retry && !cmd.record ? doneOnDecision(spec) : null;
    return failure ? { field: 'step', failure } : null;
  }
  // A due date's meaning moves with the drill's clock, but a due that is neither a duration nor a date never parses.
  if (cmd.kind === 'action-add' && dueInstant(cmd.due, new Date(0).toISOString()) === undefined) return { field: 'due', failure: invalid('action.due-invalid', { due: cmd.due }) };
  return null;
}
