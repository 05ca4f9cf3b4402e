import { useState } from 'react';
import type { AmendKind } from '../api/review';
import { reviewApi } from '../api/review';
import { FormDialog } from './Dialog';
import { Field } from './Field';
import { ReauthenticationField } from './SignDialog';
import { useAction } from './useAction';

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
  const filing = useAction();

  const submit = filing.submit(async () => {
    if (!kind) return;
    const created = await reviewApi.amend(doc.id, {
      kind,
      text,
      reason: reason.trim(),
      ...(byAuthor && password ? { password } : {}),
    });
    onDone(created, kind);
  });

  const addendum = kind === 'addendum';
  return (
    <FormDialog
      open={!!kind}
      title={addendum ? `Addendum to ${doc.number}` : `Replace ${doc.number}`}
      onClose={onClose}
      className="wide"
      onSubmit={submit}
      action={filing}
      disabled={!text.trim() || !reason.trim()}
      label={addendum ? 'File addendum' : 'File replacement'}
      busyLabel="Filing…"
    >
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
        // biome-ignore lint/a11y/noAutofocus: the text is what the dialog is for
        autoFocus
      />
      <Field label="Reason">
        <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} required />
      </Field>
      {byAuthor && <ReauthenticationField value={password} onChange={setPassword} />}
    </FormDialog>
  );
}
