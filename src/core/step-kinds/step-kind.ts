import type { HookParams } from './step-base.schema.js';
import type { ConfigFile } from '../schemas/config.js';
import type { PathKey } from '../yaml-source.js';

export type { HookParams } from './step-base.schema.js';

/** What finishes a step of a kind: the rule decide enforces and views explain. */
export type Completion =
  /** check: marked done. */
  | { by: 'done' }
  /** decision: one of its options is chosen. */
  | { by: 'option'; options: string[] }
  /** action: its hook succeeds, or an outcome is recorded by hand after it did not. */
  | { by: 'hook'; hook: string }
  /** notify: the message text is recorded; when it has a hook, that hook succeeding sends it. */
  | { by: 'message'; template: string; hook: string | null }
  /** wait: marked done once its time is up; ending it early is allowed and noted. */
  | { by: 'timer'; duration: string };

/** Where validation reports a problem: a path in the playbook file and a message. */
export type ReportProblem = (path: PathKey[], message: string, key?: boolean) => void;

/** What a kind's validation rules see beside the step itself. */
export interface StepCheckContext {
  /** Path of the step in the file (`['steps', 3]`). */
  path: PathKey[];
  /** The playbook's roles. */
  roles: readonly string[];
  /** Ids of the playbook's steps, for goto targets. */
  stepIds: ReadonlySet<string>;
  /** aiops.yaml, when known: hook names, floors and params are checked against it. */
  config: ConfigFile | null;
  report: ReportProblem;
}

/**
 * Everything one step kind means, beside its schema (`KIND.schema.ts`, kept apart so that commands
 * that never parse a playbook never load zod). The registry (`./index.ts`) answers questions
 * about any step by asking its kind's module; nothing else branches on a step's kind.
 */
export interface StepKindModule<S extends { kind: string }> {
  kind: S['kind'];
  /** The kind as a noun in sentences: "a decision", "an action". */
  noun: string;
  /** The hook this step fires, or null when it fires none. */
  hookOf(spec: S): string | null;
  /** The literal params its hook gets ({} when it has no hook). */
  paramsOf(spec: S): HookParams;
  /** The roles the step itself asks to approve it (the hook's floor in aiops.yaml comes on top). */
  approversOf(spec: S): string[];
  /** Where each way of finishing the step leads: a step id, or null for the next step in the file. */
  exits(spec: S): (string | null)[];
  /** The step a finished step continues at, given the option chosen; undefined for the next in the file. */
  gotoAfter(spec: S, option: string | undefined): string | undefined;
  completion(spec: S): Completion;
  /** The message a notify step records, as a template; null for other kinds. */
  messageTemplate(spec: S): string | null;
  /** How long a wait step watches (`10m`); null for other kinds. */
  waitDuration(spec: S): string | null;
  /** The choices of a decision; empty for other kinds. */
  options(spec: S): { id: string; label?: string; goto?: string }[];
  /** Lines describing what is particular to this step (`option yes → preserve`, `wait 10m`). */
  describe(spec: S, approvals: readonly string[]): string[];
  /** The rules the schema cannot check, reported with their place in the file. */
  validate(spec: S, ctx: StepCheckContext): void;
}

/** The answers of a kind that fires no hook, offers no choice and watches no clock. */
export const PLAIN_STEP = {
  hookOf: (): string | null => null,
  paramsOf: (): HookParams => ({}),
  approversOf: (): string[] => [],
  exits: (): (string | null)[] => [null],
  gotoAfter: (): string | undefined => undefined,
  messageTemplate: (): string | null => null,
  waitDuration: (): string | null => null,
  options: (): { id: string; label?: string; goto?: string }[] => [],
  describe: (): string[] => [],
  validate: (): void => undefined,
};
