import type { Session } from '../app/session.js';
import { OperationFailed, PolicyRefusal, UserError } from '../core/errors.js';
import type { ScriptEntry } from '../core/schemas/scenario.js';
import { scriptArgName, scriptVerb } from './script.js';
import { VerbArgError } from './verb.js';

/** What one script entry did: ok, or why not (invalid input, refused by policy, failed to run). */
export interface ScriptOutcome {
  index: number;
  at: string;
  as: string;
  do: ScriptEntry['do'];
  ok: boolean;
  warnings: string[];
  error: { kind: 'invalid' | 'refused' | 'failed'; message: string } | null;
}

/**
 * Plays one script entry: finds its verb and runs it, exactly as the CLI would. Refusals and
 * bad entries become outcomes, not crashes; anything else is a bug and is thrown.
 */
export async function playEntry(session: Session, id: string, entry: ScriptEntry, index: number): Promise<ScriptOutcome> {
  const base = { index, at: entry.at, as: entry.as, do: entry.do };
  const found = scriptVerb(entry);
  if (!found.ok) return { ...base, ok: false, warnings: [], error: { kind: 'invalid', message: found.message } };
  try {
    const out = await found.verb.run(session, id, found.args, { cwd: session.project.root });
    if (entry.fails) {
      // A failure the scenario scripted is the entry working as written; success is the surprise.
      const error = out.failed === null ? { kind: 'failed' as const, message: 'meant to fail (fails: true), but it succeeded: does the scenario make its hook fail?' } : null;
      return { ...base, ok: error === null, warnings: out.failed ? [...out.warnings, `failed as scripted: ${out.failed}`] : out.warnings, error };
    }
    return { ...base, ok: out.failed === null, warnings: out.warnings, error: out.failed ? { kind: 'failed', message: out.failed } : null };
  } catch (err) {
    if (err instanceof UserError) return { ...base, ok: false, warnings: [], error: { kind: 'invalid', message: err instanceof VerbArgError ? err.named(scriptArgName) : err.message } };
    if (err instanceof PolicyRefusal) return { ...base, ok: false, warnings: [], error: { kind: 'refused', message: `${err.rule}: ${err.message}` } };
    if (err instanceof OperationFailed) return { ...base, ok: false, warnings: [], error: { kind: 'failed', message: err.message } };
    throw err;
  }
}
