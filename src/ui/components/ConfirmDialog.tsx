import Text from './Text.js';
import { useKeys } from '../hooks/use-keys.js';
import type { Tone } from '../theme.js';
import { useTheme } from '../theme.js';
import Clip from './Clip.js';

interface Props {
  title: string;
  lines: string[];
  /** None: the dialog only tells, and closes on n or Esc. */
  yes?: string;
  tone?: Tone;
  width: number;
  height: number;
  onYes?(): void;
  onNo(): void;
}

/** y does it, n or Esc does not; nothing else is accepted, so a stray key never confirms. */
export default function ConfirmDialog({ title, lines, yes, tone, width, height, onYes, onNo }: Props) {
  const theme = useTheme();
  useKeys((input, key) => {
    if ((input === 'y' || input === 'Y') && yes && onYes) onYes();
    else if (input === 'n' || input === 'N' || key.escape) onNo();
  });
  return (
    <Clip width={width} height={height} borderStyle="round" borderColor={theme.color(tone ?? 'warn')}>
      <Text bold wrap="wrap" color={theme.color(tone ?? 'warn')}>{title}</Text>
      {lines.map((l, i) => (
        <Text key={i} wrap="wrap">{l}</Text>
      ))}
      <Text bold>{yes ? `y ${yes} · n cancel` : 'Esc close'}</Text>
    </Clip>
  );
}
