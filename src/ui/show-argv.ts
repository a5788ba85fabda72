export { type ShownArg, showArgv } from '../core/show-argv.js';

/** The last `lines` lines of some output, without a trailing blank line. */
export function tailLines(text: string, lines: number): string[] {
  if (lines <= 0) return [];
  const all = text.replace(/\r/g, '').replace(/\n+$/, '').split('\n');
  return all.length === 1 && all[0] === '' ? [] : all.slice(-lines);
}
