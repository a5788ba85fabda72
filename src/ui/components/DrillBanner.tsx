import { Box } from 'ink';
import Text from './Text.js';
import { formatShortDuration } from '../../core/duration.js';
import { useTheme } from '../theme.js';

/** What `aiops drill` tells the TUI about its injects; the drill clock is the session clock. */
export interface DrillCountdown {
  /** When the next inject is due on the drill clock, or null when none remain. */
  nextInjectAt(): Date | null;
}

interface Props {
  scenario: string;
  now: Date;
  width: number;
  countdown?: DrillCountdown;
}

/** The unmissable DRILL line, with the countdown to the next inject when a drill runner drives it. */
export default function DrillBanner({ scenario, now, width, countdown }: Props) {
  const theme = useTheme();
  const next = countdown?.nextInjectAt() ?? null;
  const tail = countdown ? (next ? ` · next inject in ${formatShortDuration(Math.max(0, next.getTime() - now.getTime()))}` : ' · no more injects') : '';
  const text = ` DRILL · ${scenario}${tail} · hooks simulated`;
  return (
    <Box width={width}>
      <Text inverse bold color={theme.color('drill')} wrap="truncate-end">{text.padEnd(width)}</Text>
    </Box>
  );
}
