import { type FormEvent, useCallback, useState } from 'react';
import { errorMessage } from '../api/client';
import type { Message } from './Notice';

export interface ActionOptions {
  /** What is busy (a row's id, for its own button); without one, the page as a whole. */
  key?: string;
  /** Called after success, e.g. a list's reload. */
  reload?: () => unknown;
  /** How a failure reads (default: the server's message). */
  failure?: (e: unknown) => string;
  /** Called after success or failure alike (close the confirmation, say). */
  settle?: () => void;
}

/**
 * One user action at a time (submit a form, disable a user, resend a message): busy while it runs,
 * then either the text its work returns (done) or the error, then the list reloaded.
 */
export function useAction() {
  const [busyKey, setBusyKey] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = useCallback(
    async (work: () => Promise<unknown>, opts: ActionOptions = {}): Promise<boolean> => {
      setBusyKey(opts.key ?? '');
      setError(null);
      setDone(null);
      try {
        const text = await work();
        if (typeof text === 'string' && text) setDone(text);
        await opts.reload?.();
        return true;
      } catch (e) {
        setError(opts.failure ? opts.failure(e) : errorMessage(e));
        return false;
      } finally {
        setBusyKey(null);
        opts.settle?.();
      }
    },
    [],
  );

  /** A form's onSubmit that runs the work (the page does not reload). */
  const submit = useCallback(
    (work: () => Promise<unknown>, opts?: ActionOptions) => (e: FormEvent) => {
      e.preventDefault();
      void run(work, opts);
    },
    [run],
  );

  /** Say that something went well (outside run: a dialog's save, say). */
  const announce = useCallback((text: string) => {
    setError(null);
    setDone(text);
  }, []);

  const clear = useCallback(() => {
    setError(null);
    setDone(null);
  }, []);

  const message: Message = error ? { ok: false, text: error } : done ? { ok: true, text: done } : null;
  return {
    busy: busyKey !== null,
    isBusy: (key: string) => busyKey === key,
    done,
    error,
    message,
    announce,
    clear,
    setError,
    run,
    submit,
  };
}
