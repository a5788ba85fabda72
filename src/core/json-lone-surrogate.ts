import { positionIn } from './json-position.js';

/**
 * Where a JSON text escapes half a surrogate pair (`"\ud800"` with no low half after it, or a low
 * half alone), as 1-based line and column; undefined when every escape pairs up. Such a string
 * parses, but no hash, canonical JSON or terminal can carry it, so it is refused at the door.
 * Only meaningful for text JSON.parse accepted: every backslash there starts an escape in a string.
 */
export function loneSurrogateEscape(text: string): { line: number; col: number } | undefined {
  const escape = /\\(?:u([0-9a-fA-F]{4})|[^u])/g;
  let pendingHigh: number | undefined;
  let lastEnd = -1;
  for (let m = escape.exec(text); m; m = escape.exec(text)) {
    const unit = m[1] === undefined ? undefined : parseInt(m[1], 16);
    const adjacent = m.index === lastEnd;
    if (pendingHigh !== undefined && !(adjacent && unit !== undefined && unit >= 0xdc00 && unit <= 0xdfff)) return positionIn(text, pendingHigh);
    if (pendingHigh !== undefined) pendingHigh = undefined;
    else if (unit !== undefined && unit >= 0xd800 && unit <= 0xdbff) pendingHigh = m.index;
    else if (unit !== undefined && unit >= 0xdc00 && unit <= 0xdfff) return positionIn(text, m.index);
    lastEnd = m.index + m[0].length;
  }
  return pendingHigh === undefined ? undefined : positionIn(text, pendingHigh);
}

