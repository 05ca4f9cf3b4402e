// Single sign-on in a second window, so nothing on this page (a corrected note, a chosen batch,
// unsaved text when the session expired) is lost: a fresh sign-in before an e-signature, or a new
// session after the old one expired. The provider is made to ask for the credentials again
// (`reauthenticate=true`); the new session's cookie is this page's too. The two windows talk over a
// BroadcastChannel, not window.opener: the app's Cross-Origin-Opener-Policy (same-origin) severs the
// opener once the second window has been at the provider.

import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useSession } from './session';
import { useSignInOptions } from './sso';

export const REAUTHENTICATED_PATH = '/reauthenticated';
const CHANNEL = 'dictum-reauthentication';
const DONE = 'reauthenticated';

/**
 * Opens the provider's sign-in in another window (`reauthenticate`: the provider must ask for the
 * credentials again, as before a signature); resolves true when it came back signed in, false when
 * `signal` aborts first (the user gave up). Throws when the window could not open.
 */
export function signInAtProviderInSecondWindow(
  signal: AbortSignal,
  reauthenticate: boolean,
): Promise<boolean> {
  const url = `/api/v1/auth/oidc/login?${reauthenticate ? 'reauthenticate=true&' : ''}returnTo=${encodeURIComponent(REAUTHENTICATED_PATH)}`;
  const channel = new BroadcastChannel(CHANNEL);
  const opened = window.open(url, 'dictum-reauthentication', 'popup,width=560,height=720');
  if (!opened) {
    channel.close();
    throw new Error('the sign-in window was blocked: allow pop-ups for Dictum and try again');
  }
  return new Promise((resolve) => {
    const finish = (result: boolean) => {
      channel.close();
      signal.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const onAbort = () => finish(false);
    channel.onmessage = (event: MessageEvent) => {
      if (event.data === DONE) finish(true);
    };
    signal.addEventListener('abort', onAbort);
  });
}

/** Where the second window lands after the provider: tells the first window, then closes itself. */
export function ReauthenticatedPage() {
  useEffect(() => {
    const channel = new BroadcastChannel(CHANNEL);
    channel.postMessage(DONE);
    channel.close();
    window.close();
  }, []);
  return (
    <main className="splash">
      <p>You are signed in again. Return to the Dictum window to sign; this window can be closed.</p>
    </main>
  );
}

/**
 * A button that signs in at the provider in a second window and takes up the new session here:
 * while it waits, a Cancel; once done, `done` (with the time) in place of the button.
 */
export function SecondWindowSignIn({
  reauthenticate,
  label,
  done,
}: {
  reauthenticate: boolean;
  label: (provider: string) => string;
  done: (at: string) => ReactNode;
}) {
  const { adoptNewSession } = useSession();
  const provider = useSignInOptions()?.sso.providerName ?? 'single sign-on';
  const [state, setState] = useState<{ step: 'idle' | 'waiting' | 'done'; error?: string; at?: string }>({
    step: 'idle',
  });
  const waiting = useRef<AbortController | null>(null);
  useEffect(() => () => waiting.current?.abort(), []);

  const start = async () => {
    waiting.current?.abort();
    const controller = new AbortController();
    waiting.current = controller;
    setState({ step: 'waiting' });
    try {
      if (!(await signInAtProviderInSecondWindow(controller.signal, reauthenticate)))
        return setState({ step: 'idle' });
      await adoptNewSession();
      setState({
        step: 'done',
        at: new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }),
      });
    } catch (e) {
      setState({ step: 'idle', error: e instanceof Error ? e.message : String(e) });
    }
  };

  if (state.step === 'done') return <p role="status">{done(state.at ?? '')}</p>;
  return (
    <>
      {state.step === 'waiting' ? (
        <p role="status">
          Waiting for the sign-in window…{' '}
          <button type="button" onClick={() => waiting.current?.abort()}>
            Cancel
          </button>
        </p>
      ) : (
        <button type="button" onClick={() => void start()}>
          {label(provider)}
        </button>
      )}
      {state.error && <p role="alert">{state.error}</p>}
    </>
  );
}
