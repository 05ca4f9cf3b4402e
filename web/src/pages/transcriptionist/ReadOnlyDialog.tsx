import type { ReactNode } from 'react';
import { Dialog } from '../../components/Dialog';

/** A wide dialog showing text to read, not edit (earlier notes, the server's version). */
export function ReadOnlyDialog({
  open,
  title,
  note,
  onClose,
  children,
}: {
  open: boolean;
  title: string;
  note: string;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <Dialog open={open} title={title} onClose={onClose} className="wide">
      <p className="muted">{note}</p>
      {children}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
