import { Box, Text } from 'ink';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { textWidth, truncate } from '../src/ui/fit-line.js';

// Characters where a hand-kept width table and the terminal (and Ink) disagree.
const CORPUS: [string, number][] = [
  ['⚠ disk', 6], // U+26A0 without VS16: one column
  ['© 2026', 6],
  ['❤ ok', 4],
  ['❤️ ok', 5], // with VS16: emoji presentation, two columns
  ['👩‍💻 dev', 6], // a ZWJ sequence is one two-column glyph
  ['👨‍👩‍👧 family', 9],
  ['請求書', 6],
  ['e\u0301te', 3], // combining acute accent
];

describe('fit-line measures text as Ink lays it out', () => {
  it('gives the column count a terminal uses for symbols, ZWJ emoji, CJK and combining marks', () => {
    for (const [text, columns] of CORPUS) expect(textWidth(text), JSON.stringify(text)).toBe(columns);
  });

  it('agrees with the columns Ink leaves beside the text in a row of fixed width', () => {
    for (const [text, columns] of CORPUS) {
      // Given the text, then a marker, in a 20-column row
      const { lastFrame, unmount } = render(
        <Box width={20}>
          <Text>{text}</Text>
          <Text>|</Text>
        </Box>,
      );
      // Then the marker sits right after the columns fit-line counted
      const line = lastFrame()!.split('\n')[0]!;
      expect(textWidth(line.slice(0, line.indexOf('|'))), JSON.stringify(text)).toBe(columns);
      unmount();
    }
  });

  it('cuts between graphemes and never past the width, even when a wide emoji straddles the cut', () => {
    expect(truncate('ab👩‍💻cdef', 4)).toBe('ab…');
    expect(truncate('ab👩‍💻cdef', 5)).toBe('ab👩‍💻…');
    expect(truncate('⚠ disk full on node-1', 8)).toBe('⚠ disk …');
    expect(truncate('e\u0301e\u0301e\u0301e\u0301', 3)).toBe('e\u0301e\u0301…');
    for (const [text] of CORPUS) for (let w = 1; w <= 12; w++) expect(textWidth(truncate(text, w)), `${text} at ${w}`).toBeLessThanOrEqual(w);
  });
});
