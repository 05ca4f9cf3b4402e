import type { SignInOptions } from '@dictum/contracts/auth';
import { type InputHTMLAttributes, useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../api/client';
import { SecondWindowSignIn } from '../auth/reauthenticate';
import { useSession } from '../auth/session';
import { LocalSignInHint, SsoSignIn, useSignInOptions } from '../auth/sso';
import { BusyButton } from '../components/Field';
import { ErrorNotice } from '../components/Notice';
import { useAction } from '../components/useAction';

/** Why a sign-in failed, in words that say what to do. */
function signInError(err: unknown): string {
  if (err instanceof ApiError && err.status === 401) return 'The username or password is not correct.';
  if (err instanceof ApiError && err.status === 429) return 'Too many attempts. Wait a minute and try again.';
  if (err instanceof ApiError && err.code === 'ACCOUNT_LOCKED')
    return 'This account is locked after repeated failed sign-ins. Ask an administrator.';
  return err instanceof ApiError ? err.message : 'Sign-in failed. Check your connection.';
}

/** The sign-in fields: each a label above its input, required. */
const USERNAME = { id: 'login-username', label: 'Username', name: 'username', autoComplete: 'username' };
const PASSWORD = {
  id: 'login-password',
  label: 'Password',
  name: 'password',
  type: 'password',
  autoComplete: 'current-password',
};
const MFA_CODE = {
  id: 'login-mfa',
  label: 'Authentication code',
  inputMode: 'numeric',
  autoComplete: 'one-time-code',
} as const;

function LoginInput({
  field: { label, ...input },
  value,
  onChange,
  autoFocus,
}: {
  field: { id: string; label: string } & InputHTMLAttributes<HTMLInputElement>;
  value: string;
  onChange: (value: string) => void;
  autoFocus: boolean;
}) {
  return (
    <>
      <label htmlFor={input.id}>{label}</label>
      <input
        {...input}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required
        // biome-ignore lint/a11y/noAutofocus: sign-in starts at its first empty field
        autoFocus={autoFocus}
      />
    </>
  );
}

export function LoginForm({
  initialUsername = '',
  onDone,
  keepPage = false,
}: {
  initialUsername?: string;
  onDone?: () => void;
  /** Signing in again over a page with work on it: single sign-on runs in a second window. */
  keepPage?: boolean;
}) {
  const { signIn } = useSession();
  const [username, setUsername] = useState(initialUsername);
  const [password, setPassword] = useState('');
  const signing = useAction();
  const error = signing.error;
  const [step, setStep] = useState<'password' | 'mfa' | 'mfa-enroll'>('password');
  const options = useSignInOptions();

  const submit = signing.submit(
    async () => {
      const next = await signIn(username.trim(), password);
      setPassword('');
      if (next === 'done') onDone?.();
      else setStep(next);
    },
    { failure: signInError },
  );

  if (step !== 'password') return <MfaForm enroll={step === 'mfa-enroll'} onDone={onDone} />;
  const sso = keepPage ? <SsoSignInKeepingPage options={options} /> : <SsoSignIn options={options} />;
  if (options?.sso.enabled && options.localLogin === 'off') return sso;

  return (
    <>
      {sso}
      <form className="login-form" onSubmit={submit} aria-describedby={error ? 'login-error' : undefined}>
        <LoginInput field={USERNAME} value={username} onChange={setUsername} autoFocus={!initialUsername} />
        {/* Re-sign-in after expiry starts at the password. */}
        <LoginInput field={PASSWORD} value={password} onChange={setPassword} autoFocus={!!initialUsername} />
        {error && (
          <p id="login-error" className="error" role="alert">
            {error}
          </p>
        )}
        <BusyButton busy={signing.busy} label="Sign in" busyLabel="Signing in…" />
      </form>
    </>
  );
}

function MfaForm({ enroll, onDone }: { enroll: boolean; onDone?: () => void }) {
  const { verifyMfa } = useSession();
  const [code, setCode] = useState('');
  const [secret, setSecret] = useState<{ secret: string; otpauthUrl: string } | null>(null);
  const verify = useAction();

  // One enrolment per form: each call stores a new secret, so a second (StrictMode's re-run of
  // effects in development) could leave the page showing a secret the server no longer holds.
  const enrollStarted = useRef(false);
  useEffect(() => {
    if (!enroll || enrollStarted.current) return;
    enrollStarted.current = true;
    api
      .mfaEnroll()
      .then(setSecret)
      .catch((e) => verify.setError(e instanceof ApiError ? e.message : 'Could not start the set-up.'));
  }, [enroll, verify.setError]);

  const submit = verify.submit(
    async () => {
      await verifyMfa(code.trim());
      onDone?.();
    },
    {
      failure: (err) =>
        err instanceof ApiError && err.status < 500
          ? 'That code is not valid. Try the current one.'
          : 'Verification failed.',
    },
  );

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
      <LoginInput field={MFA_CODE} value={code} onChange={setCode} autoFocus />
      <ErrorNotice error={verify.error} />
      <BusyButton busy={verify.busy} label="Verify" busyLabel="Checking…" />
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

/** The expired-session dialog's single sign-on: in a second window, so the page and its work stay. */
function SsoSignInKeepingPage({ options }: { options: SignInOptions | null }) {
  if (!options?.sso.enabled) return null;
  return (
    <div className="login-form">
      <SecondWindowSignIn
        reauthenticate={false}
        label={(name) => `Sign in with ${name}`}
        done={() => 'Signed in again.'}
      />
      <LocalSignInHint options={options} />
    </div>
  );
}
