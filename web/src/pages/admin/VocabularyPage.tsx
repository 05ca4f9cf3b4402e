import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { adminApi, type VocabularyTerm } from '../../api/admin';
import { errorMessage } from '../../api/client';
import { useSession } from '../../auth/session';
import { ConfirmDialog } from '../../components/Dialog';
import { ErrorText } from '../../components/ErrorText';
import { fmtDateTime } from '../../lib/format';
import { type EditField, EditFieldsDialog } from './EditFieldsDialog';

const CATEGORIES = ['formulary', 'physician', 'place', 'procedure', 'device', 'abbreviation'];

/** The organisation's own words for the speech engines: term, category, how it is spoken. */
export function VocabularyPage() {
  const { epoch } = useSession();
  const [q, setQ] = useState('');
  const [applied, setApplied] = useState('');
  const [items, setItems] = useState<VocabularyTerm[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [form, setForm] = useState({ term: '', category: '', pronunciation: '' });
  const [error, setError] = useState<string | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState<VocabularyTerm | null>(null);
  const [editing, setEditing] = useState<{ t: VocabularyTerm; fields: EditField[] } | null>(null);

  // Only the latest request may fill the table (a slow earlier search must not overwrite a newer one).
  const latest = useRef(0);
  const load = useCallback(async (query: string, after: string | null) => {
    const seq = ++latest.current;
    setLoading(true);
    try {
      const page = await adminApi.vocabulary({ q: query || undefined, cursor: after });
      if (seq !== latest.current) return;
      setItems((prev) => (after ? [...prev, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setError(null);
    } catch (e) {
      if (seq === latest.current) setError(errorMessage(e));
    } finally {
      if (seq === latest.current) setLoading(false);
    }
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload after a re-sign-in (epoch)
  useEffect(() => {
    void load(applied, null);
  }, [applied, load, epoch]);

  async function add(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setMsg(null);
    try {
      const t = await adminApi.addVocabulary({
        term: form.term.trim(),
        category: form.category.trim() || null,
        pronunciation: form.pronunciation.trim() || null,
      });
      setForm({ term: '', category: form.category, pronunciation: '' });
      setMsg(`“${t.term}” added. The engines use it from their next model build.`);
      await load(applied, null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function remove(t: VocabularyTerm) {
    setBusy(true);
    try {
      await adminApi.deleteVocabulary(t.id);
      setMsg(`“${t.term}” deleted.`);
      setItems((prev) => prev.filter((x) => x.id !== t.id));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
      setDeleting(null);
    }
  }

  return (
    <>
      <h1>Vocabulary</h1>
      <p className="muted">
        Drug names, physicians, places and procedures the speech engines should know. The pronunciation is
        written in plain words (“met oh pro lol”).
      </p>
      <section className="panel" aria-labelledby="add-term-title">
        <h2 id="add-term-title">Add term</h2>
        <form className="form-row" onSubmit={add}>
          <label className="field">
            <span className="field-label">Term</span>
            <input
              value={form.term}
              onChange={(e) => setForm({ ...form, term: e.target.value })}
              required
              maxLength={200}
              autoComplete="off"
            />
          </label>
          <label className="field">
            <span className="field-label">Category</span>
            <input
              value={form.category}
              onChange={(e) => setForm({ ...form, category: e.target.value })}
              list="vocab-categories"
              placeholder="formulary"
              pattern="[A-Za-z][A-Za-z0-9_\-]{0,39}"
              title="One word such as formulary, physician or place"
              autoComplete="off"
            />
            <datalist id="vocab-categories">
              {CATEGORIES.map((c) => (
                <option key={c} value={c} />
              ))}
            </datalist>
          </label>
          <label className="field grow">
            <span className="field-label">Pronunciation (optional)</span>
            <input
              value={form.pronunciation}
              onChange={(e) => setForm({ ...form, pronunciation: e.target.value })}
              maxLength={300}
              autoComplete="off"
            />
          </label>
          <button type="submit" className="primary" disabled={busy}>
            Add term
          </button>
        </form>
      </section>
      {msg && (
        <p className="notice" role="status">
          {msg}
        </p>
      )}
      <ErrorText message={error} />
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(q.trim());
        }}
      >
        <label>
          Find term
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </label>
        <button type="submit" className="small">
          Find
        </button>
      </form>
      <table className="table" aria-label="Vocabulary terms">
        <thead>
          <tr>
            <th scope="col">Term</th>
            <th scope="col">Category</th>
            <th scope="col">Pronunciation</th>
            <th scope="col">Added</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody aria-busy={loading}>
          {items.map((t) => (
            <tr key={t.id}>
              <td>
                <strong>{t.term}</strong>
              </td>
              <td>{t.category ?? ''}</td>
              <td>{t.pronunciation ?? ''}</td>
              <td>{fmtDateTime(t.createdAt)}</td>
              <td className="actions">
                <button
                  type="button"
                  className="small"
                  aria-label={`Edit ${t.term}`}
                  onClick={() =>
                    setEditing({
                      t,
                      fields: [
                        { name: 'term', label: 'Term', value: t.term },
                        { name: 'category', label: 'Category', value: t.category ?? '' },
                        { name: 'pronunciation', label: 'Pronunciation', value: t.pronunciation ?? '' },
                      ],
                    })
                  }
                >
                  Edit
                </button>
                <button
                  type="button"
                  className="small"
                  aria-label={`Delete ${t.term}`}
                  onClick={() => setDeleting(t)}
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
          {!loading && items.length === 0 && (
            <tr>
              <td colSpan={5} className="empty">
                {applied ? 'No term matches.' : 'No terms yet.'}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <EditFieldsDialog
        title={`Edit ${editing?.t.term ?? ''}`}
        fields={editing?.fields ?? null}
        onClose={() => setEditing(null)}
        onSave={async (changed) => {
          if (!editing) return;
          const text = (k: string) => {
            const v = changed[k];
            return typeof v === 'string' ? v.trim() || null : undefined;
          };
          const updated = await adminApi.updateVocabulary(editing.t.id, {
            ...(typeof changed.term === 'string' ? { term: changed.term.trim() } : {}),
            ...(text('category') !== undefined ? { category: text('category') } : {}),
            ...(text('pronunciation') !== undefined ? { pronunciation: text('pronunciation') } : {}),
          });
          setItems((xs) => xs.map((x) => (x.id === updated.id ? updated : x)));
          setMsg(`${updated.term} saved.`);
          setEditing(null);
        }}
      />
      {cursor && (
        <div className="list-footer">
          <button type="button" disabled={loading} onClick={() => void load(applied, cursor)}>
            Load more
          </button>
        </div>
      )}
      <ConfirmDialog
        open={!!deleting}
        title={`Delete “${deleting?.term ?? ''}”?`}
        confirmLabel="Delete"
        danger
        busy={busy}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && void remove(deleting)}
      >
        <p>The engines stop favouring it from their next model build.</p>
      </ConfirmDialog>
    </>
  );
}
