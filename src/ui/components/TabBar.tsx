import { Box, Text } from 'ink';
import type { Pane } from '../key-bindings.js';

const TABS: Array<[Pane, string, string]> = [
  ['steps', '1', 'Steps'],
  ['roles', '2', 'Roles'],
  ['timeline', '3', 'Timeline'],
];

/** One line: the three panes on the left, help (and how to reopen) on the right. */
export default function TabBar({ pane, width, closed }: { pane: Pane; width: number; closed: boolean }) {
  const labels = TABS.map(([p, n, label]) => ({ p, text: ` ${n} ${width < 60 ? label.slice(0, 4) : label} ` }));
  const used = labels.reduce((w, l) => w + l.text.length, 0);
  const full = `${closed ? 'closed: S reopens · ' : ''}? help`;
  const right = used + 1 + full.length <= width ? full : '? help';
  return (
    <Box width={width} height={1} overflow="hidden">
      <Text wrap="truncate-end">
        {labels.map((l) => (
          <Text key={l.p} inverse={pane === l.p} bold={pane === l.p}>{l.text}</Text>
        ))}
        {' '.repeat(Math.max(1, width - used - right.length))}
        {right}
      </Text>
    </Box>
  );
}
