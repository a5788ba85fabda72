import { z } from 'zod';
import { VERB_IDS } from '../verb-ids.js';
import { TimerDurationText, Identifier, Severity } from './common.js';

export const INJECT_KINDS = ['alert', 'metric', 'message', 'tool_call', 'reviewer_report', 'note'] as const;

/**
 * A simulated hook that fails in a drill, so retry, undo and recording by hand are rehearsed:
 * `exit` (default 1) or `timeout: true`; the first `times` runs of the hook (default 1) fail, later ones go through.
 */
export const DrillFailure = z
  .strictObject({
    hook: Identifier,
    exit: z.number().int().min(1).max(255).optional(),
    timeout: z.boolean().optional(),
    times: z.number().int().positive().optional(),
  })
  .refine((f) => !(f.exit !== undefined && f.timeout), { message: 'a hook fails with exit or times out, not both' })
  .meta({ description: 'make a simulated hook fail (exit, default 1) or time out, for its first `times` runs (default 1)' });
export type DrillFailure = z.infer<typeof DrillFailure>;

export const Inject = z.strictObject({
  id: Identifier.optional(),
  at: TimerDurationText,
  kind: z.enum(INJECT_KINDS),
  source: z.string().optional(),
  from: z.string().optional(),
  summary: z.string().min(1),
  detail: z.string().optional(),
  when: z
    .union([z.strictObject({ missed: Identifier }), z.strictObject({ met: Identifier })])
    .optional(),
  /** From this inject's delivery on, the hook fails when simulated. */
  fail: DrillFailure.optional(),
});
export type Inject = z.infer<typeof Inject>;

/** An expectation's weight is a number from MIN_WEIGHT to MAX_WEIGHT (README: scenario format). */
export const MIN_WEIGHT = 0.01;
export const MAX_WEIGHT = 1000;
const WEIGHT_RANGE = `a weight is a number from ${MIN_WEIGHT} to ${MAX_WEIGHT}`;

export const Expectation = z.strictObject({
  id: Identifier,
  title: z.string().optional(),
  event: z.string().optional(),
  match: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  within: TimerDurationText.optional(),
  after: Identifier.optional(),
  /** Bounded so a score's sum stays exact: weights far apart (1e308 and 1, or 5e-324) overflow it or vanish in it. */
  weight: z.number().min(MIN_WEIGHT, WEIGHT_RANGE).max(MAX_WEIGHT, WEIGHT_RANGE).default(1),
  manual: z.boolean().optional(),
});
export type Expectation = z.infer<typeof Expectation>;

export { VERB_IDS, type VerbId } from '../verb-ids.js';

/** What a script entry's `do:` may say: every verb id, and the words scenarios written before the verb list use. */
export const SCRIPT_ACTIONS = [...VERB_IDS, 'step', 'hook', 'undo', 'judge'] as const;

export const ScriptEntry = z.strictObject({
  at: TimerDurationText,
  as: Identifier,
  do: z.enum(SCRIPT_ACTIONS),
  args: z.record(z.string(), z.unknown()).default({}),
  /** The entry is meant to fail (its hook meets the scenario's `fail:`): the script check fails if it does not. */
  fails: z.boolean().optional(),
});
export type ScriptEntry = z.infer<typeof ScriptEntry>;

export const ScenarioFile = z
  .strictObject({
    id: Identifier,
    title: z.string().min(1),
    description: z.string().optional(),
    playbook: z.string().min(1),
    duration: TimerDurationText.optional(),
    /** auto (default): the drill ends by itself once its timeline (duration, last inject or script entry) is past; manual: only the facilitator ends it. */
    end: z.enum(['auto', 'manual']).optional(),
    incident: z.strictObject({
      title: z.string().min(1),
      service: z.string().min(1),
      trigger: Identifier.optional(),
      severity: Severity.optional(),
    }),
    /** Simulated hooks that fail from the drill's start (one, or a list). */
    fail: z.union([DrillFailure, z.array(DrillFailure)]).optional(),
    injects: z.array(Inject).default([]),
    expectations: z.array(Expectation).default([]),
    script: z.array(ScriptEntry).optional(),
  })
  .meta({ title: 'aiops scenario', description: 'A tabletop drill scenario' });
export type Scenario = z.infer<typeof ScenarioFile>;
