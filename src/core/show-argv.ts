import type { TemplatePart } from './template.js';

/** One argv element as shown: its text, or its pieces when a template in it had no value. */
export type ShownArg = string | readonly TemplatePart[];

const word = (a: string) => (/^[A-Za-z0-9_./:=@%+,-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);

/**
 * An argv as a reader would type it: plain words bare, anything else in single quotes. A value
 * that is missing shows as `<missing: params.tool>`, unquoted, never as an empty '' that reads as a value.
 */
export function showArgv(argv: readonly ShownArg[]): string {
  return argv.map((a) => (typeof a === 'string' ? word(a) : a.map((p) => (typeof p === 'string' ? (p ? word(p) : '') : `<missing: ${p.missing}>`)).join(''))).join(' ');
}

/**
 * Where an approval's program differs from what runs here: aiops.yaml names it relative to the
 * project, the approval pins it so, and each host runs it from its own project folder. Empty when
 * the two are the same (an absolute or PATH program).
 */
export function programNote(command: readonly string[] | null | undefined, argv: readonly string[]): string {
  if (!command || command[0] === argv[0]) return '';
  return ` (as configured: ${showArgv([command[0]!])}, run from each host's project folder)`;
}
