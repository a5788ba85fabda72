import { Box } from 'ink';
import Text from './Text.js';
import type { Notice } from '../hooks/use-actions.js';
import { useTheme } from '../theme.js';

export interface FooterProps {
  busy: string | null;
  spinner: string;
  notice: Notice | null;
  pollError: string | null;
  /** The keys that apply here, from the key bindings. */
  hint: string;
  width: number;
}

/** The two bottom lines: what is happening (or was said), then the keys that apply. */
export default function Footer(p: FooterProps) {
  const theme = useTheme();
  return (
    <>
      <StatusLine {...p} />
      <Text color={theme.color('muted')} wrap="truncate-end">{p.hint}</Text>
    </>
  );
}

function StatusLine({ busy, spinner, notice, pollError, width }: FooterProps) {
  const theme = useTheme();
  // A word said while busy (how to stop a running hook) shows beside the spinner.
  if (busy) return <Text color={theme.color('accent')} wrap="truncate-end">{`${spinner} ${busy}…${notice ? ` · ${notice.text}` : ''}`}</Text>;
  if (notice) {
    const loud = notice.tone === 'bad';
    return (
      <Box width={width}>
        <Text color={theme.color(notice.tone)} bold={loud} inverse={loud} wrap="truncate-end">{loud ? ` ${notice.text} ` : notice.text}</Text>
      </Box>
    );
  }
  if (pollError) return <Text color={theme.color('bad')} wrap="truncate-end">{`cannot read the log: ${pollError} (retrying)`}</Text>;
  return <Text> </Text>;
}
