import { render, useApp } from 'ink';
import { useRef, useState } from 'react';
import Picker, { type PickItem } from './components/Picker.js';
import { type KeyTarget, KeyTargetContext, useKeyQueue } from './hooks/use-keys.js';
import { makeTheme, ThemeContext } from './theme.js';

function ScenarioPicker({ items, onDone }: { items: PickItem[]; onDone(id: string | null): void }) {
  const target = useRef<KeyTarget | null>(null);
  const { exit } = useApp();
  const [done, setDone] = useState(false);
  useKeyQueue((input, key) => target.current?.handler(input, key), { acceptsText: () => false, paused: done });
  const finish = (id: string | null) => {
    setDone(true);
    onDone(id);
    exit();
  };
  const width = Math.min(process.stdout.columns ?? 80, 100);
  const height = Math.min(items.length + 4, Math.max(6, (process.stdout.rows ?? 24) - 1));
  return (
    <KeyTargetContext.Provider value={target}>
      <Picker title="Which scenario do you want to drill?" items={items} width={width} height={height} onPick={finish} onCancel={() => finish(null)} />
    </KeyTargetContext.Provider>
  );
}

/** `aiops drill` with no scenario on a terminal: offers the shipped and configured scenarios; null when cancelled. */
export async function pickScenario(items: PickItem[]): Promise<string | null> {
  let picked: string | null = null;
  const app = render(
    <ThemeContext.Provider value={makeTheme(Boolean(process.env.NO_COLOR))}>
      <ScenarioPicker items={items} onDone={(id) => (picked = id)} />
    </ThemeContext.Provider>,
  );
  await app.waitUntilExit();
  return picked;
}
