import { z } from 'zod';
import { ExpectationResult, Nullable, Person, Problem, Time, Version } from './output-commands.js';
import { ScenarioFile } from './scenario.js';

/**
 * The `--json` documents of commands that record one thing (a note, an action item, an
 * acknowledgement, a judgment, a drill's end) or write a file: each names its own fields.
 */

const Seq = z.number().optional().meta({ description: 'The seq of the event logged; absent when nothing was logged' });

/** `aiops incident note ID TEXT --json`. */
export const NoteOutput = z.object({
  schemaVersion: Version,
  ok: z.literal(true),
  seq: Seq,
  attachments: z.array(z.object({ sha256: z.string(), name: z.string(), size: z.number() })),
});

/** `aiops action add|close`, `aiops incident impact|review` and `aiops drill debrief` with --json: the event they logged. */
export const RecordedOutput = z.object({
  schemaVersion: Version,
  ok: z.literal(true),
  id: z.string().meta({ description: 'The incident id' }),
  seq: Seq,
  action: z.string().optional().meta({ description: 'The action item added or closed (A1, A2, …): action add|close only' }),
  warnings: z.array(z.string()).optional().meta({ description: 'Always present but for drill debrief' }),
});

/** `aiops ack ID --json`. */
export const AckOutput = z.object({
  schemaVersion: Version,
  ok: z.literal(true),
  id: z.string(),
  seq: Seq,
  pages: z.array(z.string()).meta({ description: 'The pages acknowledged' }),
  policies: z.array(z.string()).meta({ description: 'The severity policies acknowledged (held for your role)' }),
  fired: z
    .array(z.object({ policy: z.string(), step: z.string(), hook: z.string(), outcome: z.enum(['ran', 'failed', 'simulated', 'held', 'awaiting-approval', 'refused', 'withdrawn']), run: z.string().optional(), detail: z.string().optional() }))
    .meta({ description: 'What the acknowledgement let the severity policies do' }),
});

/** `aiops action list ID --json`. */
export const ActionListOutput = z.object({
  schemaVersion: Version,
  ok: z.literal(true),
  id: z.string(),
  actions: z.array(
    z.object({
      id: z.string(),
      text: z.string(),
      owner: Person,
      due: Time,
      addedBy: Person,
      addedAt: Time,
      closed: Nullable(z.object({ by: Person, ts: Time, note: z.string().optional() })),
      overdue: z.boolean(),
    }),
  ),
});

/** `aiops drill pause|resume ID --json`. */
export const DrillClockOutput = z.object({
  schemaVersion: Version,
  ok: z.literal(true),
  id: z.string(),
  paused: z.boolean().meta({ description: 'true for pause, false for resume' }),
  real: Time.meta({ description: 'The real instant the drill clock stopped or ran again' }),
  drillTime: Time.meta({ description: 'Drill time at that instant' }),
  seq: Seq,
});

/** `aiops drill judge ID EXPECTATION --met|--missed --json`. */
export const DrillJudgeOutput = z.object({
  schemaVersion: Version,
  ok: z.literal(true),
  id: z.string(),
  expectation: z.string(),
  met: z.boolean(),
  rescored: Nullable(z.object({ score: z.number() })).meta({ description: 'The new score when the drill had ended; null while it is played' }),
});

/** `aiops drill end ID --json`. */
export const DrillEndOutput = z.object({
  schemaVersion: Version,
  ok: z.literal(true),
  id: z.string(),
  score: z.number(),
  early: z.boolean(),
  endedAt: Time,
  playedMs: z.number(),
  scenarioMs: z.number(),
  results: z.array(ExpectationResult),
});

/** `aiops drill report ID -o FILE --json`: the file written (the report itself is DrillReportOutput). */
export const DrillReportFileOutput = z.object({
  schemaVersion: Version,
  ok: z.literal(true),
  id: z.string(),
  format: z.literal('json'),
  file: z.string(),
  score: z.number(),
});

/** `aiops init --json`. */
export const InitOutput = z.object({
  schemaVersion: Version,
  ok: z.literal(true),
  written: z.array(z.string()),
  next: z.string().meta({ description: 'The command line to run next' }),
});

/** `aiops serve --json`: printed once the server listens. */
export const ServeOutput = z.object({ schemaVersion: Version, ok: z.literal(true), listening: z.string(), port: z.number() });

/** `aiops scenario record ID --json`. */
export const ScenarioRecordOutput = z.object({
  schemaVersion: Version,
  ok: z.literal(true),
  file: Nullable(z.string()).meta({ description: 'The file written with -o; null when none was' }),
  valid: z.boolean(),
  problems: z.array(Problem),
  notes: z.array(z.string()).meta({ description: 'What was left out of the script, and why' }),
  scenario: ScenarioFile,
});

export const ACT_OUTPUTS = [NoteOutput, RecordedOutput, AckOutput, ActionListOutput, DrillClockOutput, DrillJudgeOutput, DrillEndOutput, DrillReportFileOutput, InitOutput, ServeOutput, ScenarioRecordOutput] as const;
