import { readFileSync } from 'node:fs';

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** What `aiops version --json` prints (the printer adds schemaVersion). */
export function versionDocument(): { version: string; node: string } {
  return { version: packageVersion(), node: process.versions.node };
}

const VERSION_WORDS = new Set(['-v', '-V', '--version']);
const GLOBAL_FLAGS = new Set(['--json', '--debug']);
/** The global options (declared in index.ts) that take a value: the word after one is not a command's. */
export const GLOBAL_OPTIONS_WITH_VALUE: ReadonlySet<string> = new Set(['--db', '--config', '--as', '--tz']);

/**
 * Whether the words after `aiops` ask only for the version (`-v`, `-V`, `--version`, or `version`
 * alone), among global options (`aiops --debug -v`, `aiops -v --json`); null for anything else,
 * which commander parses as usual. `json`: print the document `aiops version --json` prints.
 */
export function versionAsked(args: readonly string[]): { json: boolean } | null {
  if (args.length === 1 && args[0] === 'version') return { json: false };
  let asked = false;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (VERSION_WORDS.has(a)) asked = true;
    else if (a === '--json') json = true;
    else if (GLOBAL_FLAGS.has(a)) continue;
    else if (GLOBAL_OPTIONS_WITH_VALUE.has(a) && i + 1 < args.length) i++;
    else if (!GLOBAL_OPTIONS_WITH_VALUE.has(a.split('=')[0]!) || !a.includes('=')) return null;
  }
  return asked ? { json } : null;
}
