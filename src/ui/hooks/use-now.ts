import { useEffect, useState } from 'react';
import type { Clock } from '../../core/clock.js';

/** The injected clock's time, re-read every `tickMs` so countdowns and elapsed time move. */
export function useNow(clock: Clock, tickMs: number): Date {
  const [now, setNow] = useState(() => clock.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(clock.now()), tickMs);
    return () => clearInterval(timer);
  }, [clock, tickMs]);
  return now;
}
