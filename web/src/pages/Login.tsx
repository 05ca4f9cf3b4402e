import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../api/client';
import { useSession } from '../auth/session';
import { SsoSignIn, useSignInOptions } from '../auth/sso';
import { ErrorText } from '../components/ErrorText';

export function LoginForm({
  initialUsername = '',
  onDone,
}: {
  initialUsername?: string;
  onDone?: () => void;
}) {
  const { signIn } = useSession();
  const [username, setUsername] = useState(initialUsername);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [step, setStep] = useState<'password' | 'mfa' | 'mfa-enroll'>('password');
  const options = useSignInOptions();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const next = await signIn(username.trim(), password);
      setPassword('');
      if (next === 'done') onDone?.();
      else setStep(next);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setError('The username or password is not correct.');
      else if (err instanceof ApiError && err.status === 429)
        setError('Too many attempts. Wait a minute and try again.');
      else if (err instanceof ApiError && err.code === 'ACCOUNT_LOCKED')
        setError('This account is locked after repeated failed sign-ins. Ask an administrator.');
      else setError(err instanceof ApiError ? err.message : 'Sign-in failed. Check your connection.');
    } finally {
      setBusy(false);
    }
  }

  if (step !== 'password') return <MfaForm enroll={step === 'mfa-enroll'} onDone={onDone} />;
  if (options?.sso.enabled && options.localLogin === 'off') return <SsoSignIn options={options} />;

  return (
    <>
      <SsoSignIn options={options} />
      <form className="login-form" onSubmit={submit} aria-describedby={error ? 'login-error' : undefined}>
        <label htmlFor="login-username">Username</label>
        <input
          id="login-username"
          name="username"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          required
          // biome-ignore lint/a11y/noAutofocus: the sign-in page has one purpose
          autoFocus={!initialUsername}
        />
        <label htmlFor="login-password">Password</label>
        <input
          id="login-password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
          // biome-ignore lint/a11y/noAutofocus: re-sign-in after expiry starts at the password
          autoFocus={!!initialUsername}
        />
        {error && (
          <p id="login-error" className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </>
  );
}

function MfaForm({ enroll, onDone }: { enroll: boolean; onDone?: () => void }) {
  const { verifyMfa } = useSession();
  const [code, setCode] = useState('');
  const [secret, setSecret] = useState<{ secret: string; otpauthUrl: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // One enrolment per form: each call stores a new secret, so a second (StrictMode's re-run of
  // effects in development) could leave the page showing a secret the server no longer holds.
  const enrollStarted = useRef(false);
  useEffect(() => {
    if (!enroll || enrollStarted.current) return;
    enrollStarted.current = true;
    api
      .mfaEnroll()
      .then(setSecret)
      .catch((e) => setError(e instanceof ApiError ? e.message : 'Could not start the set-up.'));
  }, [enroll]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await verifyMfa(code.trim());
      onDone?.();
    } catch (err) {
      setError(
        err instanceof ApiError && err.status < 500
          ? 'That code is not valid. Try the current one.'
          : 'Verification failed.',
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="login-form" onSubmit={submit}>
      {enroll ? (
        <p>
          Your role needs a second sign-in factor. Add this key to an authenticator app, then enter the
          6-digit code it shows.
          {secret && (
            <>
              <br />
              <code className="mfa-secret">{secret.secret}</code>
            </>
          )}
        </p>
      ) : (
        <p>Enter the 6-digit code from your authenticator app.</p>
      )}
      <label htmlFor="login-mfa">Authentication code</label>
      <input
        id="login-mfa"
        inputMode="numeric"
        autoComplete="one-time-code"
        value={code}
        onChange={(e) => setCode(e.target.value)}
        required
        // biome-ignore lint/a11y/noAutofocus: the only field of this step
        autoFocus
      />
      <ErrorText message={error} />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Checking…' : 'Verify'}
      </button>
    </form>
  );
}

export function LoginPage() {
  return (
    <main className="login-page">
      <div className="login-card">
        <h1>
          <span className="logo" aria-hidden="true">
            ◖
          </span>{' '}
          Dictum
        </h1>
        <p className="muted">Medical dictation and transcription</p>
        <LoginForm />
      </div>
    </main>
  );
}
