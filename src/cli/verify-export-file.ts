import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import type { CliContext } from './context.js';

/** The shipped tools/verify-export.mjs, loaded as a module: the CLI and an auditor run the same code. */
const VERIFIER = new URL('../../tools/verify-export.mjs', import.meta.url);

/** The standalone verifier's verdict; `line` is what both print (a second line for a per-incident export). */
export interface Verdict {
  ok: boolean;
  verdict: 'ok' | 'partial' | 'tampered' | 'invalid' | 'unsupported';
  line: string;
  /** Absent when the file is not an export this verifier reads. */
  incident?: string | null;
  events?: number;
  head?: string | null;
  linksChecked?: number;
  /** Seqs whose seq-1 is not in the file (another incident's event, or removed): their link is unchecked. */
  linksUnchecked?: number[];
}

/** Reads an export file (or stdin for `-`) and returns the standalone verifier's verdict. */
export async function verifyExportFile(ctx: CliContext, file: string): Promise<Verdict> {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : resolve(ctx.cwd, file), 'utf8');
  } catch (err) {
    throw new UserError(`cannot read ${file}: ${(err as Error).message}`, { hint: 'aiops evidence export -o FILE writes one' });
  }
  const { verifyExportText } = (await import(VERIFIER.href)) as { verifyExportText: (text: string) => Verdict };
  // Malformed, empty and unknown-format files are verdicts of the same code, as the standalone tool prints them.
  return verifyExportText(text);
}
