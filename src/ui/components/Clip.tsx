import { Box, type BoxProps } from 'ink';
import type { ReactNode } from 'react';

interface Props {
  width: number;
  height: number;
  borderStyle?: BoxProps['borderStyle'];
  borderColor?: string;
  children: ReactNode;
}

/**
 * A fixed-size region that cuts off what does not fit. The inner column never shrinks, so
 * long content is clipped at the bottom instead of lines being squeezed over each other.
 */
export default function Clip({ width, height, borderStyle, borderColor, children }: Props) {
  const inner = borderStyle ? width - 2 : width;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden" flexShrink={0} borderStyle={borderStyle} borderColor={borderColor}>
      <Box flexDirection="column" flexShrink={0} width={Math.max(1, inner)}>
        {children}
      </Box>
    </Box>
  );
}
