import { type ReactNode, useState } from 'react';
import { Dialog } from './Dialog';
import { ErrorText } from './ErrorText';

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
    <Dialog open={open} title={title} onClose={onCancel}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onConfirm(password);
        }}
      >
        <div className="dialog-body">{children}</div>
        <label className="field">
          <span className="field-label">Password (if you signed in more than 5 minutes ago)</span>
          <input
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <ErrorText message={error} />
        <div className="dialog-actions">
          <button type="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Signing…' : confirmLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
