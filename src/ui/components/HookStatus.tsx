import { Box } from 'ink';
import Text from './Text.js';
import type { HookRun } from '../../core/incident-state.js';
import { clockTime, formatMs } from '../format-time.js';
import { tailLines } from '../show-argv.js';
import type { LocalRun } from '../step-view.js';
import { useTheme } from '../theme.js';

interface Props {
  run: HookRun | undefined;
  local: LocalRun | null;
  spinner: string;
  nowMs: number;
  alive: boolean;
  width: number;
  tail: number;
}

/** A hook's life on screen: spinner and live output while it runs, then exit code and duration. */
export default function HookStatus({ run, local, spinner, nowMs, alive, width, tail }: Props) {
  const theme = useTheme();
  if (local) {
    return (
      <Box flexDirection="column" width={width}>
        <Text color={theme.color('accent')} bold>{`${spinner} running ${local.hook} · ${formatMs(Math.max(0, nowMs - local.startedAt))}`}</Text>
        {tailLines(local.output, tail).map((line, i) => (
          <Text key={i} color={theme.color('muted')} wrap="truncate-end">{`│ ${line}`}</Text>
        ))}
      </Box>
    );
  }
  if (!run) return null;
  const f = run.finished;
  if (!f) {
    return alive ? (
      <Text color={theme.color('accent')} bold wrap="truncate-end">{`${spinner} ${run.hook} running (started ${clockTime(run.startedAt)} by ${run.startedBy} elsewhere)`}</Text>
    ) : (
      <Box flexDirection="column" width={width}>
        <Text inverse bold color={theme.color('bad')}>{` OUTCOME UNKNOWN: ${run.hook} `}</Text>
        <Text wrap="wrap">{`started ${clockTime(run.startedAt)} by ${run.startedBy}; no result was recorded (the process died?). Check what happened, then c to record it. It is never retried silently.`}</Text>
      </Box>
    );
  }
  if (run.simulated) return <Text color={theme.color('drill')}>{`${run.hook} simulated (drill): nothing ran`}</Text>;
  const out = [f.stdout, f.stderr].filter(Boolean).join('\n');
  if (f.ok) {
    return (
      <Box flexDirection="column" width={width}>
        <Text color={theme.color('good')} bold>{`✓ ${run.hook} ${f.recorded ? 'recorded ok by hand' : `ok · exit ${f.exitCode ?? '-'} · ${formatMs(f.durationMs)}`}`}</Text>
        {tailLines(out, Math.min(tail, 2)).map((line, i) => (
          <Text key={i} color={theme.color('muted')} wrap="truncate-end">{`│ ${line}`}</Text>
        ))}
      </Box>
    );
  }
  const what = f.recorded
    ? `RECORDED AS FAILED: ${f.error ?? ''}`
    : f.timedOut
      ? `HOOK TIMED OUT after ${formatMs(f.durationMs)}`
      : `HOOK FAILED · exit ${f.exitCode ?? '-'}${f.signal ? ` ${f.signal}` : ''} · ${formatMs(f.durationMs)}`;
  return (
    <Box flexDirection="column" width={width}>
      <Text inverse bold color={theme.color('bad')} wrap="truncate-end">{` ✗ ${what} `}</Text>
      {f.error && !f.recorded ? <Text color={theme.color('bad')} wrap="truncate-end">{f.error}</Text> : null}
      {tailLines(out, tail).map((line, i) => (
        <Text key={i} color={theme.color('muted')} wrap="truncate-end">{`│ ${line}`}</Text>
      ))}
    </Box>
  );
}
