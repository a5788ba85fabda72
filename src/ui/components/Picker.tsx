import Text from './Text.js';
import { useKeys } from '../hooks/use-keys.js';
import { useState } from 'react';
import { useTheme } from '../theme.js';
import Clip from './Clip.js';

export interface PickItem {
  id: string;
  label: string;
  hint?: string;
}

interface Props {
  title: string;
  items: PickItem[];
  initial?: number;
  width: number;
  height: number;
  onPick(id: string): void;
  onCancel(): void;
}

/** Choose one of a few things: ↑↓ and Enter, or its number. */
export default function Picker({ title, items, initial = 0, width, height, onPick, onCancel }: Props) {
  const theme = useTheme();
  const [sel, setSel] = useState(Math.min(initial, items.length - 1));
  useKeys((input, key) => {
    if (key.escape) return onCancel();
    if (key.upArrow || input === 'k') return setSel((s) => Math.max(0, s - 1));
    if (key.downArrow || input === 'j') return setSel((s) => Math.min(items.length - 1, s + 1));
    if (key.return) return onPick(items[sel]!.id);
    const n = Number(input);
    if (Number.isInteger(n) && n >= 1 && n <= items.length && items.length <= 9) onPick(items[n - 1]!.id);
  });
  const room = Math.max(1, height - 4);
  const start = Math.min(Math.max(0, sel - room + 1), Math.max(0, items.length - room));
  return (
    <Clip width={width} height={height} borderStyle="round" borderColor={theme.color('accent')}>
      <Text bold wrap="truncate-end">{title}</Text>
      {items.slice(start, start + room).map((it, i) => {
        const index = start + i;
        const on = index === sel;
        return (
          <Text key={it.id} inverse={on} bold={on} wrap="truncate-end">
            {`${on ? '›' : ' '} ${items.length <= 9 ? `${index + 1}. ` : ''}${it.label}`}
            {it.hint ? <Text color={theme.color('muted')}>{`  ${it.hint}`}</Text> : null}
          </Text>
        );
      })}
      <Text color={theme.color('muted')}>↑↓ Enter choose · Esc cancel</Text>
    </Clip>
  );
}
