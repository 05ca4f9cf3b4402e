import { type FormEvent, useState } from 'react';
import { adminApi } from '../../api/admin';
import { errorMessage } from '../../api/client';
import type { TextExpander } from '../../api/types';
import { ConfirmDialog } from '../../components/Dialog';
import { useAsync } from '../../components/useAsync';
import { type EditField, EditFieldsDialog } from './EditFieldsDialog';

/** Organisation-wide editor shorthand (.nkda → "No known drug allergies."). */
export function TextExpandersPage() {
  const list = useAsync(() => adminApi.textExpanders(), []);
  const [abbreviation, setAbbreviation] = useState('');
  const [expansion, setExpansion] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState<TextExpander | null>(null);
  const [editing, setEditing] = useState<{ t: TextExpander; fields: EditField[] } | null>(null);

  async function add(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setMsg(null);
    try {
      const t = await adminApi.addTextExpander({
        abbreviation: abbreviation.trim().toLowerCase(),
        expansion,
      });
      setAbbreviation('');
      setExpansion('');
      setMsg(`${t.abbreviation} added.`);
      await list.reload();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function remove(t: TextExpander) {
    setBusy(true);
    setError(null);
    try {
      await adminApi.deleteTextExpander(t.abbreviation);
      setMsg(`${t.abbreviation} deleted.`);
      await list.reload();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
      setDeleting(null);
    }
  }

  const items = list.data ?? [];
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
          <label className="field">
            <span className="field-label">Abbreviation</span>
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
          </label>
          <label className="field grow">
            <span className="field-label">Expansion</span>
            <textarea
              rows={2}
              value={expansion}
              onChange={(e) => setExpansion(e.target.value)}
              required
              placeholder="No known drug allergies."
            />
          </label>
          <button type="submit" className="primary" disabled={busy}>
            Add
          </button>
        </form>
      </section>
      {msg && (
        <p className="notice" role="status">
          {msg}
        </p>
      )}
      {(error || list.error) && (
        <p className="error" role="alert">
          {error ?? errorMessage(list.error)}
        </p>
      )}
      <table className="table" aria-label="Text expanders">
        <thead>
          <tr>
            <th scope="col">Abbreviation</th>
            <th scope="col">Expansion</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody aria-busy={list.loading}>
          {items.map((t) => (
            <tr key={t.abbreviation}>
              <td>
                <code>{t.abbreviation}</code>
              </td>
              <td className="pre-line">{t.expansion}</td>
              <td className="actions">
                <button
                  type="button"
                  className="small"
                  aria-label={`Edit ${t.abbreviation}`}
                  onClick={() =>
                    setEditing({
                      t,
                      fields: [
                        { name: 'expansion', label: 'Expansion', kind: 'textarea', value: t.expansion },
                      ],
                    })
                  }
                >
                  Edit
                </button>
                <button
                  type="button"
                  className="small"
                  aria-label={`Delete ${t.abbreviation}`}
                  onClick={() => setDeleting(t)}
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
          {!list.loading && items.length === 0 && (
            <tr>
              <td colSpan={3} className="empty">
                No text expanders yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <EditFieldsDialog
        title={`Edit ${editing?.t.abbreviation ?? ''}`}
        fields={editing?.fields ?? null}
        onClose={() => setEditing(null)}
        onSave={async (changed) => {
          if (editing && typeof changed.expansion === 'string')
            await adminApi.updateTextExpander(editing.t.abbreviation, changed.expansion);
          setMsg(`${editing?.t.abbreviation} saved.`);
          setEditing(null);
          await list.reload();
        }}
      />
      <ConfirmDialog
        open={!!deleting}
        title={`Delete ${deleting?.abbreviation ?? ''}?`}
        confirmLabel="Delete"
        danger
        busy={busy}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && void remove(deleting)}
      >
        <p>Editors stop expanding it; text already typed stays.</p>
      </ConfirmDialog>
    </>
  );
}
