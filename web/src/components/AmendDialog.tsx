import { type FormEvent, useState } from 'react';
import { errorMessage } from '../api/client';
import type { AmendKind } from '../api/review';
import { reviewApi } from '../api/review';
import { Dialog } from './Dialog';
import { ErrorText } from './ErrorText';

/**
 * Addendum or replacement of a filed note, with its reason (required by the server too). The author
 * signs their own amendment by saving it, so for them a password field is offered (needed when they
 * signed in more than 5 minutes ago); records staff's amendments stay unsigned until the author signs.
 */
export function AmendDialog({
  doc,
  kind,
  byAuthor,
  onClose,
  onDone,
}: {
  doc: { id: string; number: string | number; text: string };
  kind: AmendKind | null;
  byAuthor: boolean;
  onClose: () => void;
  onDone: (created: { id: string; number: string }, kind: AmendKind) => void;
}) {
  // Mounted afresh for each opening (the caller keys it by kind): a replacement starts from the text.
  const [text, setText] = useState(kind === 'replacement' ? doc.text : '');
  const [reason, setReason] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!kind) return;
    setBusy(true);
    setError(null);
    try {
      const created = await reviewApi.amend(doc.id, {
        kind,
        text,
        reason: reason.trim(),
        ...(byAuthor && password ? { password } : {}),
      });
      onDone(created, kind);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const addendum = kind === 'addendum';
  return (
    <Dialog
      open={!!kind}
      title={addendum ? `Addendum to ${doc.number}` : `Replace ${doc.number}`}
      onClose={onClose}
      className="wide"
    >
      <form onSubmit={submit}>
        <p className="small muted">
          {addendum
            ? 'The addendum is filed with the note and delivered to the EHR; the note itself stays as it is.'
            : 'The replacement becomes the current version; this version is kept, marked superseded.'}{' '}
          {byAuthor
            ? 'Saving it signs it with your electronic signature.'
            : 'It stays unsigned until the author signs it (where the note type needs a signature).'}
        </p>
        <label htmlFor="amend-text" className="field-label">
          {addendum ? 'Addendum text' : 'Replacement text'}
        </label>
        <textarea
          id="amend-text"
          className="amend-text"
          rows={addendum ? 8 : 16}
          value={text}
          onChange={(e) => setText(e.target.value)}
          required
          autoFocus
        />
        <label className="field">
          <span className="field-label">Reason</span>
          <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} required />
        </label>
        {byAuthor && (
          <label className="field">
            <span className="field-label">Password (if you signed in more than 5 minutes ago)</span>
            <input
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
        )}
        <ErrorText message={error} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || !text.trim() || !reason.trim()}>
            {busy ? 'Filing…' : addendum ? 'File addendum' : 'File replacement'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
