import Text from './Text.js';
import { useKeys } from '../hooks/use-keys.js';
import { useRef, useState } from 'react';
import { useTheme } from '../theme.js';
import Clip from './Clip.js';

interface Props {
  title: string;
  label: string;
  initial?: string;
  allowEmpty?: boolean;
  /** What was wrong with the last answer, shown until the next key. */
  problem?: string;
  width: number;
  height: number;
  onSubmit(value: string): void;
  onCancel(): void;
}

/** A one-field editor: arrows, Home/End (ctrl+a/e), backspace, delete, ctrl+u clears, paste works. */
export default function TextPrompt({ title, label, initial = '', allowEmpty = false, problem: given, width, height, onSubmit, onCancel }: Props) {
  const theme = useTheme();
  const [field, setField] = useState({ value: initial, cursor: initial.length });
  const latest = useRef(field);
  const [problem, setProblem] = useState<string | null>(given ?? null);
  const { value, cursor } = field;
  // Keys can arrive faster than renders: edits go through a ref so none works on a stale value.
  const edit = (fn: (f: { value: string; cursor: number }) => { value: string; cursor: number }) => {
    latest.current = fn(latest.current);
    setField(latest.current);
  };
  useKeys(
    (input, key) => {
      if (key.escape) return onCancel();
      if (key.return) {
        if (!allowEmpty && !latest.current.value.trim()) return setProblem('this cannot be empty (Esc cancels)');
        return onSubmit(latest.current.value);
      }
      setProblem(null);
      if (key.leftArrow) return edit((f) => ({ ...f, cursor: Math.max(0, f.cursor - 1) }));
      if (key.rightArrow) return edit((f) => ({ ...f, cursor: Math.min(f.value.length, f.cursor + 1) }));
      if (key.home || (key.ctrl && input === 'a')) return edit((f) => ({ ...f, cursor: 0 }));
      if (key.end || (key.ctrl && input === 'e')) return edit((f) => ({ ...f, cursor: f.value.length }));
      if (key.ctrl && input === 'u') return edit(() => ({ value: '', cursor: 0 }));
      if (key.backspace || (key.delete && !key.meta)) {
        // Terminals send DEL (0x7f) for Backspace, which Ink reports as delete: both erase leftwards.
        return edit((f) => (f.cursor === 0 ? f : { value: f.value.slice(0, f.cursor - 1) + f.value.slice(f.cursor), cursor: f.cursor - 1 }));
      }
      if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.pageUp || key.pageDown) return;
      const text = input.replace(/[\r\n]+/g, ' ');
      if (!text) return;
      edit((f) => ({ value: f.value.slice(0, f.cursor) + text + f.value.slice(f.cursor), cursor: f.cursor + text.length }));
    },
    // A paste arrives as one run of text and is inserted at once.
    { acceptsText: true },
  );
  const before = value.slice(0, cursor);
  const after = value.slice(cursor);
  return (
    <Clip width={width} height={height} borderStyle="round" borderColor={theme.color('accent')}>
      <Text bold wrap="truncate-end">{title}</Text>
      <Text color={theme.color('muted')} wrap="wrap">{label}</Text>
      <Text wrap="wrap">
        {before}
        <Cursor under={after.slice(0, 1)} plain={theme.noColor} />
        {after.slice(1)}
      </Text>
      {problem ? <Text color={theme.color('bad')}>{problem}</Text> : null}
      <Text color={theme.color('muted')}>Enter confirm · Esc cancel · ctrl+u clear</Text>
    </Clip>
  );
}

/**
 * Where typing goes. In colour, the character under it is shown inverse (a block at the end).
 * Under NO_COLOR emphasis comes from text alone, so the cursor is a glyph: a block at the end,
 * a bar before the character it sits on.
 */
function Cursor({ under, plain }: { under: string; plain: boolean }) {
  if (!plain) return <Text inverse>{under || ' '}</Text>;
  return under ? <Text>{`${CURSOR_BAR}${under}`}</Text> : <Text>{CURSOR_BLOCK}</Text>;
}

export const CURSOR_BLOCK = '█';
export const CURSOR_BAR = '│';
