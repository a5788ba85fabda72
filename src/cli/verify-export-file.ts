import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import type { CliContext } from './context.js';

/** The shipped tools/verify-export.mjs, loaded as a module: the CLI and an auditor run the same code. */
const VERIFIER = new URL('../../tools/verify-export.mjs', import.meta.url);

interface Verdict {
  ok: boolean;
  line: string;
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
  try {
    return verifyExportText(text);
  } catch (err) {
    // A line that is not JSON is not an export, or one cut off in the middle.
    return { ok: false, line: `TAMPERED: not an aiops evidence export (${(err as Error).message})` };
  }
}
