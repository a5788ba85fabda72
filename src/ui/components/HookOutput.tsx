import Text from './Text.js';
import { useKeys } from '../hooks/use-keys.js';
import { useMemo, useState } from 'react';
import { wrapLine } from '../fit-line.js';
import { useTheme } from '../theme.js';
import Clip from './Clip.js';

interface Props {
  title: string;
  /** The output's lines as stored (sanitised here, wrapped to the width). */
  lines: string[];
  width: number;
  height: number;
  onClose(): void;
}

/** A hook run's whole captured output, scrolled with ↑↓ PgUp PgDn g G; Esc (or v, q) closes. */
export default function HookOutput({ title, lines, width, height, onClose }: Props) {
  const theme = useTheme();
  const rows = useMemo(() => lines.flatMap((l) => wrapLine(l, width)), [lines, width]);
  const room = Math.max(1, height - 2);
  const maxTop = Math.max(0, rows.length - room);
  const [top, setTop] = useState(0);
  useKeys((input, key) => {
    if (key.escape || input === 'q' || input === 'v') onClose();
    else if (key.downArrow || input === 'j') setTop((t) => Math.min(maxTop, t + 1));
    else if (key.upArrow || input === 'k') setTop((t) => Math.max(0, t - 1));
    else if (key.pageDown || input === ' ') setTop((t) => Math.min(maxTop, t + room));
    else if (key.pageUp) setTop((t) => Math.max(0, t - room));
    else if (key.home || input === 'g') setTop(0);
    else if (key.end || input === 'G') setTop(maxTop);
  });
  const shown = rows.slice(top, top + room);
  const where = rows.length > room ? `lines ${top + 1}-${top + shown.length} of ${rows.length} · ↑↓ PgUp PgDn scroll · ` : '';
  return (
    <Clip width={width} height={height}>
      <Text inverse bold wrap="truncate-end">{` ${title} `.padEnd(width)}</Text>
      {shown.map((l, i) => (
        <Text key={top + i} color={l.startsWith('--- ') ? theme.color('accent') : undefined} wrap="truncate-end">{l}</Text>
      ))}
      <Text color={theme.color('muted')} wrap="truncate-end">{`${where}Esc closes`}</Text>
    </Clip>
  );
}
