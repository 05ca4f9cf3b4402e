import { useEffect, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { fmtClock } from '../../lib/format';

/** Ask for an optional note, then insert a blank at the caret, at audio time `at`. */
export function BlankDialog({
  open,
  at,
  onInsert,
  onClose,
}: {
  open: boolean;
  at: number;
  onInsert: (note: string) => void;
  onClose: () => void;
}) {
  const [note, setNote] = useState('');
  // Each blank starts without a note (also after a cancelled one).
  useEffect(() => {
    if (open) setNote('');
  }, [open]);
  return (
    <Dialog open={open} title="Insert blank" onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onInsert(note.trim());
        }}
      >
        <p className="muted">
          A blank marks a word or passage you cannot make out, at {fmtClock(at, true)} of the audio.
        </p>
        <label htmlFor="blank-note">Note (optional)</label>
        <input
          id="blank-note"
          autoFocus
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder="e.g. drug name unclear"
        />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Insert blank
          </button>
        </div>
      </form>
    </Dialog>
  );
}
