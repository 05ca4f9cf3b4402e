import { type FormEvent, type ReactNode, useEffect, useId, useRef } from 'react';
import { BusyButton } from './Field';
import { ErrorNotice } from './Notice';

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
  // Each dialog names itself: several are in the page at once (closed ones too), and a shared id
  // would give every one of them the first one's title.
  const titleId = useId();
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
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        if (dismissable) onClose?.();
      }}
    >
      {open && (
        <>
          <h2 id={titleId}>{title}</h2>
          {children}
        </>
      )}
    </dialog>
  );
}

/** A question before an action (delete, disable): Cancel, or the action, which has the focus. */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
  busy = false,
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
      <DialogActions
        onCancel={onCancel}
        onConfirm={onConfirm}
        busy={busy}
        cancelWhileBusy={false}
        danger={danger}
        label={confirmLabel}
        busyLabel="Working…"
        autoFocus
      />
    </Dialog>
  );
}

interface ActionsProps {
  busy: boolean;
  label: string;
  busyLabel: string;
  /** The form is not complete yet. */
  disabled?: boolean;
  cancelWhileBusy?: boolean;
  /** The action cannot be undone simply. */
  danger?: boolean;
  /** The action is the expected next key press. */
  autoFocus?: boolean;
}

/**
 * Cancel, and the action button, which says what it is doing while busy: the form's submit button,
 * or with onConfirm a plain button (a confirmation outside any form).
 */
export function DialogActions({
  onCancel,
  cancelWhileBusy = true,
  danger,
  ...submit
}: ActionsProps & { onCancel: () => void; onConfirm?: () => void }) {
  return (
    <div className="dialog-actions">
      <button type="button" onClick={onCancel} disabled={!cancelWhileBusy && submit.busy}>
        Cancel
      </button>
      <BusyButton className={danger ? 'danger' : 'primary'} {...submit} />
    </div>
  );
}

/** A dialog that is one form: its fields, the error of the last try (of action), Cancel and submit. */
export function FormDialog({
  open,
  title,
  className,
  onClose,
  onSubmit,
  action,
  children,
  ...actions
}: Omit<ActionsProps, 'busy'> & {
  open: boolean;
  title: string;
  className?: string;
  onClose: () => void;
  onSubmit: (e: FormEvent) => void;
  action: { busy: boolean; error: string | null };
  children: ReactNode;
}) {
  return (
    <Dialog open={open} title={title} onClose={onClose} className={className}>
      <form onSubmit={onSubmit}>
        {children}
        <ErrorNotice error={action.error} />
        <DialogActions onCancel={onClose} busy={action.busy} {...actions} />
      </form>
    </Dialog>
  );
}
