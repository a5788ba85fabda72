/** Line and column (1-based) of a character offset in a text, as editors count them. */
export function positionIn(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, col: offset - before.lastIndexOf('\n') };
}

/**
 * Where JSON.parse gave up on `text`, from V8's message ("… in JSON at position 58"), as line and
 * column, with the message less its "at position": `bad.json:1:59: not JSON: Expected ',' or '}'
 * after property value`. Without a position in the message (V8 quotes the text instead), the
 * message as it is and no place.
 */
export function jsonParseProblem(text: string, err: unknown): { message: string; at?: { line: number; col: number } } {
  const message = err instanceof Error ? err.message : String(err);
  const m = /^(.*?)(?: in JSON)? at position (\d+)(?: \(line \d+ column \d+\))?$/s.exec(message);
  if (!m) return { message };
  // A text cut off is reported past its trailing line feeds: the place is where the content ends.
  return { message: m[1]!, at: positionIn(text, Math.min(Number(m[2]), text.trimEnd().length)) };
}
