import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { useLayoutEffect, useState } from 'react';
import { describe, expect, it } from 'vitest';
import { useKeyQueue } from '../src/ui/hooks/use-keys.js';

/** Keeps the CPU busy as a large screen on a loaded machine does while it renders. */
const slowRender = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

/**
 * A screen whose `j` moves on from the position it rendered (as the step list does). A poke
 * re-renders it slowly, as a poll or a clock tick re-renders the incident screen, and the keys
 * arrive while that render's effects are still to run: React's scheduler yields after a slow
 * commit, and stdin is read before it comes back.
 */
function Screen(props: { poke: { current: () => void }; type: () => void }) {
  const [count, setCount] = useState(0);
  const [tick, setTick] = useState(0);
  props.poke.current = () => setTick((t) => t + 1);
  if (tick > 0) slowRender(12);
  useLayoutEffect(() => {
    if (tick > 0) setImmediate(props.type);
  }, [tick, props.type]);
  useKeyQueue((input) => void (input === 'j' && setCount(count + 1)), { acceptsText: () => false, paused: false });
  return <Text>{`count ${count}`}</Text>;
}

const until = async (frame: () => string | undefined, text: string) => {
  for (let i = 0; i < 500 && !frame()?.includes(text); i++) await new Promise((r) => setTimeout(r, 2));
  return frame() ?? '';
};

describe('the key queue', () => {
  it('hands each key the render left by the key before, even when another render is still settling', async () => {
    const poke = { current: () => undefined as void };
    const keys = { type: () => undefined as void };
    const ui = render(<Screen poke={poke} type={() => keys.type()} />);
    keys.type = () => ui.stdin.write('jj');
    await until(ui.lastFrame, 'count 0');
    for (let round = 1; round <= 10; round++) {
      // Given a render (a poll, a tick) has just committed, when two moves arrive in one read
      poke.current();
      // Then both moved, each from where the one before left the screen
      expect(await until(ui.lastFrame, `count ${round * 2}`)).toContain(`count ${round * 2}`);
    }
    ui.unmount();
  });
});
