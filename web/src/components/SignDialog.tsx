import { type ReactNode, useEffect, useRef, useState } from 'react';
import { reauthenticateAtProvider } from '../auth/reauthenticate';
import { useSession } from '../auth/session';
import { useSignInOptions } from '../auth/sso';
import { FormDialog } from './Dialog';
import { Field } from './Field';

/**
 * What an e-signature needs again when the sign-in is more than 5 minutes old: the password, or for
 * a single sign-on account (which has none) a fresh sign-in at the provider, in another window.
 */
export function ReauthenticationField({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const { reauthenticateWith } = useSession();
  if (reauthenticateWith === 'sso') return <SsoReauthentication />;
  return (
    <Field label="Password (if you signed in more than 5 minutes ago)">
      <input
        type="password"
        autoComplete="current-password"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}

function SsoReauthentication() {
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
      if (!(await reauthenticateAtProvider(controller.signal))) return setState({ step: 'idle' });
      await adoptNewSession();
      setState({
        step: 'done',
        at: new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }),
      });
    } catch (e) {
      setState({ step: 'idle', error: e instanceof Error ? e.message : String(e) });
    }
  };

  return (
    <div className="reauthentication">
      {state.step === 'done' ? (
        <p className="muted" role="status">
          Signed in again at {state.at}: you can sign now (for the next 5 minutes).
        </p>
      ) : (
        <p className="muted">
          If you signed in more than 5 minutes ago, sign in again with {provider} first.
        </p>
      )}
      {state.step === 'waiting' ? (
        <p role="status">
          Waiting for the sign-in window…{' '}
          <button type="button" onClick={() => waiting.current?.abort()}>
            Cancel
          </button>
        </p>
      ) : (
        state.step !== 'done' && (
          <button type="button" onClick={() => void start()}>
            Sign in again with {provider}
          </button>
        )
      )}
      {state.error && <p role="alert">{state.error}</p>}
    </div>
  );
}

/**
 * The one confirmation before an electronic signature (one note or a batch): what is being signed,
 * and the password (or a fresh single sign-on), which the server needs when the sign-in is more than
 * 5 minutes old.
 */
export function SignDialog({
  open,
  title,
  confirmLabel = 'Sign',
  children,
  busy,
  error,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  confirmLabel?: string;
  children: ReactNode;
  busy: boolean;
  error: string | null;
  onConfirm: (password: string) => void;
  onCancel: () => void;
}) {
  const [password, setPassword] = useState('');
  return (
    <FormDialog
      open={open}
      title={title}
      onClose={onCancel}
      onSubmit={(e) => {
        e.preventDefault();
        onConfirm(password);
      }}
      action={{ busy, error }}
      cancelWhileBusy={false}
      label={confirmLabel}
      busyLabel="Signing…"
    >
      <div className="dialog-body">{children}</div>
      <ReauthenticationField value={password} onChange={setPassword} />
    </FormDialog>
  );
}
