import type { Step, StepKind } from '../schemas/playbook.js';
import { action } from './action.js';
import { check } from './check.js';
import { decision } from './decision.js';
import { notify } from './notify.js';
import type { Completion, HookParams, StepCheckContext, StepKindModule } from './step-kind.js';
import { wait } from './wait.js';

export type { Completion, HookParams, StepCheckContext, StepKindModule } from './step-kind.js';

/** Every step kind, by name; the order is the one the playbook schema lists them in. */
export const STEP_KINDS: { readonly [K in StepKind]: StepKindModule<Extract<Step, { kind: K }>> } = { check, decision, action, notify, wait };

/** The module of a step's kind; the one place a step's kind is looked at. */
export function stepKindOf(spec: Step): StepKindModule<Step> {
  // Indexed by the spec's own kind, the module accepts exactly this spec: the cast only widens the name.
  return STEP_KINDS[spec.kind] as unknown as StepKindModule<Step>;
}

/** The hook a step fires, or null: an action's hook, a notify step's optional one. */
export function hookOf(spec: Step): string | null {
  return stepKindOf(spec).hookOf(spec);
}

/** The literal params a step passes to its hook ({} for a step without one). */
export function paramsOf(spec: Step): HookParams {
  return stepKindOf(spec).paramsOf(spec);
}

/** The roles a step itself asks to approve it, before the hook's floor from aiops.yaml. */
export function approversOf(spec: Step): string[] {
  return stepKindOf(spec).approversOf(spec);
}

/** Where each way of finishing a step leads: a step id, or null for the next step in the file. */
export function exitsOf(spec: Step): (string | null)[] {
  return stepKindOf(spec).exits(spec);
}

/** The step a finished step jumps to for the option chosen; undefined continues with the next. */
export function gotoAfter(spec: Step, option: string | undefined): string | undefined {
  return stepKindOf(spec).gotoAfter(spec, option);
}

/** What finishes a step of this kind. */
export function completionOf(spec: Step): Completion {
  return stepKindOf(spec).completion(spec);
}

/** The message template of a notify step; null for every other kind. */
export function messageTemplateOf(spec: Step): string | null {
  return stepKindOf(spec).messageTemplate(spec);
}

/** The watch duration of a wait step (`10m`); null for every other kind. */
export function waitDurationOf(spec: Step): string | null {
  return stepKindOf(spec).waitDuration(spec);
}

/** The options of a decision step (ids as strings); empty for every other kind. */
export function optionsOf(spec: Step): { id: string; label?: string; goto?: string }[] {
  return stepKindOf(spec).options(spec);
}

/** The kind as a noun for sentences ("a decision"). */
export function kindNoun(spec: Step): string {
  return stepKindOf(spec).noun;
}

/** Lines describing what is particular to a step (options, hook and approvals, template, watch). */
export function describeStepSpec(spec: Step, approvals: readonly string[]): string[] {
  return stepKindOf(spec).describe(spec, approvals);
}

/** Checks a step's kind-specific rules (goto targets, hooks, approval floors, templates). */
export function validateStepSpec(spec: Step, ctx: StepCheckContext): void {
  stepKindOf(spec).validate(spec, ctx);
}
