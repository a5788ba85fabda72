import { useCallback, useRef, useState } from 'react';
import { OperationFailed, PolicyRefusal, UserError } from '../../core/errors.js';
import type { Tone } from '../theme.js';

export interface Notice {
  text: string;
  tone: Tone;
  /** A notice about a step's pending state (still missing an approval): it holds while the step is as it was then (`stepMark`). */
  about?: { step: string; mark: string };
}

export interface Failure {
  title: string;
  message: string;
  hint?: string;
  retry(): void;
}

export type ActionFn = () => Promise<Notice | string | void> | Notice | string | void;

export interface Actions {
  busy: string | null;
  notice: Notice | null;
  failure: Failure | null;
  say(notice: Notice | null): void;
  dismissFailure(): void;
  /** Runs one app call; refusals and bad input become a notice, a failed write a dialog with retry. */
  run(label: string, fn: ActionFn): void;
}

/** One action at a time; after each, the log is re-read so the screen shows only what was committed. */
export function useActions(afterEach: () => void | Promise<void>): Actions {
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const busyRef = useRef<string | null>(null);

  const run = useCallback(
    (label: string, fn: ActionFn) => {
      if (busyRef.current) {
        setNotice({ text: `still busy: ${busyRef.current}`, tone: 'warn' });
        return;
      }
      busyRef.current = label;
      setBusy(label);
      setNotice(null);
      void (async () => {
        let said: Notice | null = null;
        try {
          const out = await fn();
          if (typeof out === 'string') said = { text: out, tone: 'good' };
          else if (out) said = out;
        } catch (err) {
          if (err instanceof PolicyRefusal) said = { text: `REFUSED (${err.rule}): ${err.message}`, tone: 'bad' };
          else if (err instanceof UserError) said = { text: `${err.message}${err.hint ? ` — ${err.hint}` : ''}`, tone: 'warn' };
          else {
            const title = err instanceof OperationFailed ? `${label}: not recorded` : `${label}: unexpected error`;
            setFailure({
              title,
              message: (err as Error).message ?? String(err),
              hint: err instanceof OperationFailed ? err.hint : undefined,
              retry: () => {
                setFailure(null);
                run(label, fn);
              },
            });
          }
        } finally {
          // Re-read the log first, so the message and the committed state appear together.
          await afterEach();
          busyRef.current = null;
          setBusy(null);
          setNotice(said);
        }
      })();
    },
    [afterEach],
  );

  return {
    busy,
    notice,
    failure,
    say: setNotice,
    dismissFailure: () => setFailure(null),
    run,
  };
}
