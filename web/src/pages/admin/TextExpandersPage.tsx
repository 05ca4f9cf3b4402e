import { useState } from 'react';
import { adminApi } from '../../api/admin';
import type { TextExpander } from '../../api/types';
import { actionsColumn, type Column, LoadedTable } from '../../components/DataTable';
import { ConfirmDialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useAction } from '../../components/useAction';
import { useAsync } from '../../components/useAsync';
import { EditDeleteButtons, type EditField, EditFieldsDialog } from './EditFieldsDialog';

/** Organisation-wide editor shorthand (.nkda → "No known drug allergies."). */
export function TextExpandersPage() {
  const list = useAsync(() => adminApi.textExpanders(), []);
  const [abbreviation, setAbbreviation] = useState('');
  const [expansion, setExpansion] = useState('');
  const act = useAction();
  const [deleting, setDeleting] = useState<TextExpander | null>(null);
  const [editing, setEditing] = useState<{ t: TextExpander; fields: EditField[] } | null>(null);

  const add = act.submit(
    async () => {
      const t = await adminApi.addTextExpander({
        abbreviation: abbreviation.trim().toLowerCase(),
        expansion,
      });
      setAbbreviation('');
      setExpansion('');
      return `${t.abbreviation} added.`;
    },
    { reload: list.reload },
  );

  function remove(t: TextExpander) {
    return act.run(
      async () => {
        await adminApi.deleteTextExpander(t.abbreviation);
        return `${t.abbreviation} deleted.`;
      },
      { reload: list.reload, settle: () => setDeleting(null) },
    );
  }

  const columns: Column<TextExpander>[] = [
    { header: 'Abbreviation', cell: (t) => <code>{t.abbreviation}</code> },
    { header: 'Expansion', cellClassName: 'pre-line', cell: (t) => t.expansion },
    actionsColumn((t) => (
      <EditDeleteButtons
        name={t.abbreviation}
        onEdit={() =>
          setEditing({
            t,
            fields: [{ name: 'expansion', label: 'Expansion', kind: 'textarea', value: t.expansion }],
          })
        }
        onDelete={() => setDeleting(t)}
      />
    )),
  ];

  return (
    <>
      <h1>Text expanders</h1>
      <p className="muted">
        Transcriptionists type the abbreviation and a space (or punctuation, or Enter) to expand it in the
        editor.
      </p>
      <section className="panel" aria-labelledby="add-expander-title">
        <h2 id="add-expander-title">Add expander</h2>
        <form className="form-row" onSubmit={add}>
          <Field label="Abbreviation">
            <input
              value={abbreviation}
              onChange={(e) => setAbbreviation(e.target.value)}
              required
              placeholder=".nkda"
              pattern="\.[A-Za-z0-9._\-]+"
              title="A dot, then letters, digits, . _ or -"
              maxLength={32}
              size={12}
              autoComplete="off"
            />
          </Field>
          <Field label="Expansion" className="grow">
            <textarea
              rows={2}
              value={expansion}
              onChange={(e) => setExpansion(e.target.value)}
              required
              placeholder="No known drug allergies."
            />
          </Field>
          <button type="submit" className="primary" disabled={act.busy}>
            Add
          </button>
        </form>
      </section>
      <Notice kind="ok">{act.done}</Notice>
      <LoadedTable
        label="Text expanders"
        columns={columns}
        list={list}
        error={act.error}
        rowKey={(t) => t.abbreviation}
        empty="No text expanders yet."
      />
      <EditFieldsDialog
        title={`Edit ${editing?.t.abbreviation ?? ''}`}
        fields={editing?.fields ?? null}
        onClose={() => setEditing(null)}
        onSave={async (changed) => {
          if (editing && typeof changed.expansion === 'string')
            await adminApi.updateTextExpander(editing.t.abbreviation, changed.expansion);
          act.announce(`${editing?.t.abbreviation} saved.`);
          setEditing(null);
          await list.reload();
        }}
      />
      <ConfirmDialog
        open={!!deleting}
        title={`Delete ${deleting?.abbreviation ?? ''}?`}
        confirmLabel="Delete"
        danger
        busy={act.busy}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && void remove(deleting)}
      >
        <p>Editors stop expanding it; text already typed stays.</p>
      </ConfirmDialog>
    </>
  );
}
