import { type ReactNode, useState } from 'react';
import { SecondWindowSignIn } from '../auth/reauthenticate';
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
  const provider = useSignInOptions()?.sso.providerName ?? 'single sign-on';
  return (
    <div className="reauthentication">
      <p className="muted">If you signed in more than 5 minutes ago, sign in again with {provider} first.</p>
      <SecondWindowSignIn
        reauthenticate
        label={(name) => `Sign in again with ${name}`}
        done={(at) => `Signed in again at ${at}: you can sign now (for the next 5 minutes).`}
      />
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
