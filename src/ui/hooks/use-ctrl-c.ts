import { useInput } from 'ink';
import { useEffect, useRef } from 'react';

export interface CtrlCOptions {
  /** A hook started from this screen is running. */
  hookRunning: boolean;
  /** An action (which may fire a hook) is still being written or read back. */
  busy: boolean;
  say(text: string): void;
  /** Leaves the screen as `q` does once confirmed. */
  leave(): void;
  /** Called when the second Ctrl-C stopped a hook and its outcome is recorded, just before leaving. */
  onInterrupted?(): void;
}

const ignore = () => undefined;

/**
 * Ctrl-C in the TUI: with nothing running it leaves at once. While a hook runs, the first says how to
 * stop it; the second does what Ctrl-C does to the CLI: SIGINT to aiops, which the hook runner answers
 * by ending the hook's process tree and recording it interrupted. Once that is recorded, the screen
 * leaves (exit 130 through onInterrupted).
 */
export function useCtrlC(o: CtrlCOptions): void {
  const armed = useRef(false);
  const stopping = useRef(false);
  const active = o.hookRunning || o.busy;
  const { leave, onInterrupted } = o;
  useEffect(() => {
    if (!active) armed.current = false;
    if (!active) return;
    // Between a hook ending and its runner's handler going away, SIGINT must not end aiops unrecorded.
    process.on('SIGINT', ignore);
    return () => void process.off('SIGINT', ignore);
  }, [active]);
  useEffect(() => {
    if (!stopping.current || active) return;
    stopping.current = false;
    onInterrupted?.();
    leave();
  }, [active, leave, onInterrupted]);
  useInput((input, key) => {
    if (!(key.ctrl && input === 'c') || stopping.current) return;
    if (!active) return o.leave();
    if (!armed.current) {
      armed.current = true;
      return o.say(o.hookRunning ? 'hook running — Ctrl-C again to stop it' : 'still busy — Ctrl-C again to stop');
    }
    stopping.current = true;
    o.say('stopping the hook and recording that it was interrupted…');
    process.kill(process.pid, 'SIGINT');
  });
}
