/** An argv as a reader would type it: plain words bare, anything else in single quotes. */
export function showArgv(argv: string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_./:=@%+,-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
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
