import { Box } from 'ink';
import Text from './Text.js';
import { formatShortDuration } from '../../core/duration.js';
import { scoreText } from '../../core/score-text.js';
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
  /** The facilitator paused the drill clock. */
  paused?: boolean;
  /** The drill ended (by the facilitator, or by itself at the scenario's end): its score. */
  ended?: { score: number | null } | null;
}

/** The unmissable DRILL line: the countdown to the next inject (drill time) when a drill runner drives it, PAUSED, or ENDED with its score. */
export default function DrillBanner({ scenario, now, width, countdown, paused, ended }: Props) {
  const theme = useTheme();
  const next = countdown?.nextInjectAt() ?? null;
  const tail = countdown ? (next ? ` · next inject in ${formatShortDuration(Math.max(0, next.getTime() - now.getTime()))}` : ' · no more injects') : '';
  const text = ended
    ? ` DRILL ENDED · ${scenario} · score ${scoreText(ended.score)} · hooks simulated`
    : paused
      ? ` DRILL PAUSED · ${scenario} · the clock stands still · hooks simulated`
      : ` DRILL · ${scenario}${tail} · hooks simulated`;
  return (
    <Box width={width}>
      <Text inverse bold color={theme.color('drill')} wrap="truncate-end">{text.padEnd(width)}</Text>
    </Box>
  );
}
