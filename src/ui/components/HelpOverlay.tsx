import Text from './Text.js';
import { useKeys } from '../hooks/use-keys.js';
import { useState } from 'react';
import { KEYMAP } from '../keymap.js';
import { TAG_LABEL, TAG_MEANING, type StepTag } from '../step-view.js';
import { useTheme } from '../theme.js';
import Clip from './Clip.js';

interface Props {
  width: number;
  height: number;
  onClose(): void;
}

/** Every key, and what each step tag means; scrolls when the terminal is short. */
export default function HelpOverlay({ width, height, onClose }: Props) {
  const theme = useTheme();
  const [top, setTop] = useState(0);
  const lines: { text: string; bold?: boolean }[] = [];
  for (const section of KEYMAP) {
    lines.push({ text: section.title, bold: true });
    for (const k of section.keys) lines.push({ text: `  ${k.keys.padEnd(11)} ${k.what}` });
  }
  lines.push({ text: 'Step tags', bold: true });
  for (const tag of Object.keys(TAG_LABEL) as StepTag[]) lines.push({ text: `  ${TAG_LABEL[tag].padEnd(11)} ${TAG_MEANING[tag]}` });
  const room = Math.max(1, height - 2);
  const maxTop = Math.max(0, lines.length - room);
  useKeys((input, key) => {
    if (key.escape || input === '?' || input === 'q') onClose();
    else if (key.downArrow || input === 'j') setTop((t) => Math.min(maxTop, t + 1));
    else if (key.upArrow || input === 'k') setTop((t) => Math.max(0, t - 1));
    else if (key.pageDown || input === ' ') setTop((t) => Math.min(maxTop, t + room));
    else if (key.pageUp) setTop((t) => Math.max(0, t - room));
  });
  return (
    <Clip width={width} height={height}>
      <Text inverse bold wrap="truncate-end">{` Help — keys${maxTop > 0 ? ' (↑↓ to scroll)' : ''} · Esc or ? closes `.padEnd(width)}</Text>
      {lines.slice(top, top + room).map((l, i) => (
        <Text key={top + i} bold={l.bold} color={l.bold ? theme.color('accent') : undefined} wrap="truncate-end">{l.text}</Text>
      ))}
    </Clip>
  );
}
