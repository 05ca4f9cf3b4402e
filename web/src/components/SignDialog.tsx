import { type ReactNode, useState } from 'react';
import { FormDialog } from './Dialog';
import { Field } from './Field';

/** The password an e-signature needs again when the sign-in is more than 5 minutes old. */
export function PasswordAgainField({ value, onChange }: { value: string; onChange: (v: string) => void }) {
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

/**
 * The one confirmation before an electronic signature (one note or a batch): what is being signed,
 * and the password, which the server needs when the sign-in is more than 5 minutes old.
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
      <PasswordAgainField value={password} onChange={setPassword} />
    </FormDialog>
  );
}
