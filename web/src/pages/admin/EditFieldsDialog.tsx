import { useState } from 'react';
import { RowButton } from '../../components/DataTable';
import { FormDialog } from '../../components/Dialog';
import { useAction } from '../../components/useAction';

// One edit dialog for the admin lists (work types, text expanders, vocabulary): a few labelled
// fields, Save sends only what changed, the server's error is shown as it came.

export type FieldValue = string | boolean;
export interface EditField {
  name: string;
  label: string;
  kind?: 'text' | 'textarea' | 'number' | 'checkbox';
  value: FieldValue;
  help?: string;
}

export function EditFieldsDialog({
  title,
  fields,
  onSave,
  onClose,
}: {
  title: string;
  /** null: the dialog is closed. */
  fields: EditField[] | null;
  onSave: (changed: Record<string, FieldValue>) => Promise<void>;
  onClose: () => void;
}) {
  const [values, setValues] = useState<Record<string, FieldValue>>({});
  const [shownFor, setShownFor] = useState<EditField[] | null>(null);
  const save = useAction();
  if (fields !== shownFor) {
    setShownFor(fields);
    setValues(Object.fromEntries((fields ?? []).map((f) => [f.name, f.value])));
    save.setError(null);
  }

  const submit = save.submit(async () => {
    const changed: Record<string, FieldValue> = {};
    for (const f of fields ?? []) if (values[f.name] !== f.value) changed[f.name] = values[f.name]!;
    await onSave(changed);
  });

  return (
    <FormDialog
      open={!!fields}
      title={title}
      onClose={onClose}
      onSubmit={submit}
      action={save}
      label="Save"
      busyLabel="Saving…"
    >
      {(fields ?? []).map((f) => {
        const id = `edit-${f.name}`;
        const v = values[f.name];
        if (f.kind === 'checkbox')
          return (
            <label key={f.name} className="checkbox">
              <input
                id={id}
                type="checkbox"
                checked={v === true}
                onChange={(e) => setValues((x) => ({ ...x, [f.name]: e.target.checked }))}
              />{' '}
              {f.label}
            </label>
          );
        const common = {
          id,
          value: String(v ?? ''),
          onChange: (e: { target: { value: string } }) =>
            setValues((x) => ({ ...x, [f.name]: e.target.value })),
          'aria-describedby': f.help ? `${id}-help` : undefined,
        };
        return (
          <div key={f.name}>
            <label htmlFor={id} className="field-label">
              {f.label}
            </label>
            {f.kind === 'textarea' ? (
              <textarea rows={4} {...common} />
            ) : (
              <input type={f.kind === 'number' ? 'number' : 'text'} {...common} />
            )}
            {f.help && (
              <p id={`${id}-help`} className="muted small">
                {f.help}
              </p>
            )}
          </div>
        );
      })}
    </FormDialog>
  );
}

/** The Edit and Delete buttons of an admin list's row, named for the row ("Edit .nkda"). */
export function EditDeleteButtons({
  name,
  onEdit,
  onDelete,
}: {
  name: string;
  onEdit: () => void;
  onDelete: () => void;
}) {
  return (
    <>
      <RowButton label={`Edit ${name}`} onClick={onEdit}>
        Edit
      </RowButton>
      <RowButton label={`Delete ${name}`} onClick={onDelete}>
        Delete
      </RowButton>
    </>
  );
}
