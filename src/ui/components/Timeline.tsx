import { Box } from 'ink';
import Text from './Text.js';
import type { TimelineRow } from '../describe-event.js';
import { clockTime } from '../format-time.js';
import { useTheme } from '../theme.js';
import Clip from './Clip.js';

interface Props {
  rows: TimelineRow[];
  total: number;
  following: boolean;
  moreAbove: boolean;
  width: number;
  height: number;
  focused: boolean;
}

/** The latest events, newest at the bottom; only the rows on screen were read from the log. */
export default function Timeline({ rows, total, following, moreAbove, width, height, focused }: Props) {
  const theme = useTheme();
  const title = `Timeline (UTC) · ${total} events${moreAbove ? ' · ↑ older' : ''}${following ? '' : ' · ↓ newer: G'}${focused ? '' : ' · 3 to scroll'}`;
  return (
    <Clip width={width} height={height}>
      <Text bold wrap="truncate-end">{title}</Text>
      {rows.map((r) => (
        <Box key={r.seq} width={width}>
          <Text wrap="truncate-end" color={r.tone ? theme.color(r.tone) : undefined} bold={r.tone === 'bad' || r.tone === 'drill'}>
            <Text color={theme.color('muted')}>{`${clockTime(r.ts)} `}</Text>
            {`${r.who.padEnd(6)} ${r.text}`}
          </Text>
        </Box>
      ))}
    </Clip>
  );
}
