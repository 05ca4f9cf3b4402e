import { type FormEvent, type ReactNode, useEffect, useRef } from 'react';
import { ErrorText } from './ErrorText';

/** A modal built on the native <dialog> (focus trap, Esc, inert background for free). */
export function Dialog({
  open,
  title,
  onClose,
  children,
  className,
  dismissable = true,
}: {
  open: boolean;
  title: string;
  onClose?: () => void;
  children: ReactNode;
  className?: string;
  dismissable?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={`dialog ${className ?? ''}`}
      aria-labelledby="dialog-title"
      onCancel={(e) => {
        e.preventDefault();
        if (dismissable) onClose?.();
      }}
    >
      {open && (
        <>
          <h2 id="dialog-title">{title}</h2>
          {children}
        </>
      )}
    </dialog>
  );
}

export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
  busy,
  danger,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
  danger?: boolean;
}) {
  return (
    <Dialog open={open} title={title} onClose={onCancel}>
      <div className="dialog-body">{children}</div>
      <div className="dialog-actions">
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button
          type="button"
          className={danger ? 'danger' : 'primary'}
          onClick={onConfirm}
          disabled={busy}
          // biome-ignore lint/a11y/noAutofocus: the confirm action is the expected next key press
          autoFocus
        >
          {busy ? 'Working…' : confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}

/** Cancel, and the form's submit button, which says what it is doing while busy. */
export function DialogActions({
  onCancel,
  busy,
  label,
  busyLabel,
  disabled,
  cancelWhileBusy = true,
  danger,
}: {
  onCancel: () => void;
  busy: boolean;
  label: string;
  busyLabel: string;
  /** The form is not complete yet. */
  disabled?: boolean;
  cancelWhileBusy?: boolean;
  /** The action cannot be undone simply. */
  danger?: boolean;
}) {
  return (
    <div className="dialog-actions">
      <button type="button" onClick={onCancel} disabled={!cancelWhileBusy && busy}>
        Cancel
      </button>
      <button type="submit" className={danger ? 'danger' : 'primary'} disabled={busy || disabled}>
        {busy ? busyLabel : label}
      </button>
    </div>
  );
}

/** A dialog that is one form: its fields, the error of the last try, Cancel and submit. */
export function FormDialog({
  open,
  title,
  className,
  onClose,
  onSubmit,
  error,
  children,
  ...actions
}: {
  open: boolean;
  title: string;
  className?: string;
  onClose: () => void;
  onSubmit: (e: FormEvent) => void;
  error: string | null;
  children: ReactNode;
  busy: boolean;
  label: string;
  busyLabel: string;
  disabled?: boolean;
  cancelWhileBusy?: boolean;
  danger?: boolean;
}) {
  return (
    <Dialog open={open} title={title} onClose={onClose} className={className}>
      <form onSubmit={onSubmit}>
        {children}
        <ErrorText message={error} />
        <DialogActions onCancel={onClose} {...actions} />
      </form>
    </Dialog>
  );
}
