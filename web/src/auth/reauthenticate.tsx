// A fresh single sign-on before an e-signature, in a second window so nothing on this page (a
// corrected note, a chosen batch) is lost. The provider is made to ask for the credentials again
// (`reauthenticate=true`); the new session's cookie is this page's too. The two windows talk over a
// BroadcastChannel, not window.opener: the app's Cross-Origin-Opener-Policy (same-origin) severs the
// opener once the second window has been at the provider.

import { useEffect } from 'react';

export const REAUTHENTICATED_PATH = '/reauthenticated';
const CHANNEL = 'dictum-reauthentication';
const DONE = 'reauthenticated';

/**
 * Opens the provider's sign-in in another window; resolves when it came back signed in, or false
 * when `signal` aborts first (the user gave up). Throws when the window could not open.
 */
export function reauthenticateAtProvider(signal: AbortSignal): Promise<boolean> {
  const url = `/api/v1/auth/oidc/login?reauthenticate=true&returnTo=${encodeURIComponent(REAUTHENTICATED_PATH)}`;
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
