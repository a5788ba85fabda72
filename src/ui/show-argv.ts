/** An argv as a reader would type it: plain words bare, anything else in single quotes. */
export function showArgv(argv: string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_./:=@%+,-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** The last `lines` lines of some output, without a trailing blank line. */
export function tailLines(text: string, lines: number): string[] {
  if (lines <= 0) return [];
  const all = text.replace(/\r/g, '').replace(/\n+$/, '').split('\n');
  return all.length === 1 && all[0] === '' ? [] : all.slice(-lines);
}
