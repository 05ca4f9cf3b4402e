import { useState } from 'react';
import { adminApi, type VocabularyTerm } from '../../api/admin';
import { actionsColumn, type Column, DataTable, LoadMore } from '../../components/DataTable';
import { ConfirmDialog } from '../../components/Dialog';
import { Field, useForm } from '../../components/Field';
import { ErrorNotice, Notice } from '../../components/Notice';
import { useAction } from '../../components/useAction';
import { usePagedList } from '../../components/usePagedList';
import { fmtDateTime } from '../../lib/format';
import { EditDeleteButtons, type EditField, EditFieldsDialog } from './EditFieldsDialog';

const CATEGORIES = ['formulary', 'physician', 'place', 'procedure', 'device', 'abbreviation'];

/** The organisation's own words for the speech engines: term, category, how it is spoken. */
export function VocabularyPage() {
  const [q, setQ] = useState('');
  const [applied, setApplied] = useState('');
  const list = usePagedList((cursor) => adminApi.vocabulary({ q: applied || undefined, cursor }), [applied]);
  const { form, setForm, set } = useForm({ term: '', category: '', pronunciation: '' });
  const act = useAction();
  const [deleting, setDeleting] = useState<VocabularyTerm | null>(null);
  const [editing, setEditing] = useState<{ t: VocabularyTerm; fields: EditField[] } | null>(null);

  const add = act.submit(
    async () => {
      const t = await adminApi.addVocabulary({
        term: form.term.trim(),
        category: form.category.trim() || null,
        pronunciation: form.pronunciation.trim() || null,
      });
      setForm({ term: '', category: form.category, pronunciation: '' });
      return `“${t.term}” added. The engines use it from their next model build.`;
    },
    { reload: list.reload },
  );

  function remove(t: VocabularyTerm) {
    return act.run(
      async () => {
        await adminApi.deleteVocabulary(t.id);
        list.setItems((prev) => prev.filter((x) => x.id !== t.id));
        return `“${t.term}” deleted.`;
      },
      { settle: () => setDeleting(null) },
    );
  }

  const columns: Column<VocabularyTerm>[] = [
    { header: 'Term', cell: (t) => <strong>{t.term}</strong> },
    { header: 'Category', cell: (t) => t.category ?? '' },
    { header: 'Pronunciation', cell: (t) => t.pronunciation ?? '' },
    { header: 'Added', cell: (t) => fmtDateTime(t.createdAt) },
    actionsColumn((t) => (
      <EditDeleteButtons
        name={t.term}
        onEdit={() =>
          setEditing({
            t,
            fields: [
              { name: 'term', label: 'Term', value: t.term },
              { name: 'category', label: 'Category', value: t.category ?? '' },
              { name: 'pronunciation', label: 'Pronunciation', value: t.pronunciation ?? '' },
            ],
          })
        }
        onDelete={() => setDeleting(t)}
      />
    )),
  ];

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
          <Field label="Term">
            <input value={form.term} onChange={set('term')} required maxLength={200} autoComplete="off" />
          </Field>
          <Field label="Category">
            <input
              value={form.category}
              onChange={set('category')}
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
          </Field>
          <Field label="Pronunciation (optional)" className="grow">
            <input
              value={form.pronunciation}
              onChange={set('pronunciation')}
              maxLength={300}
              autoComplete="off"
            />
          </Field>
          <button type="submit" className="primary" disabled={act.busy}>
            Add term
          </button>
        </form>
      </section>
      <Notice kind="ok">{act.done}</Notice>
      <ErrorNotice error={act.error ?? list.error} />
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
      <DataTable
        label="Vocabulary terms"
        columns={columns}
        rows={list.items}
        rowKey={(t) => t.id}
        loading={list.loading}
        empty={applied ? 'No term matches.' : 'No terms yet.'}
      />
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
          list.setItems((xs) => xs.map((x) => (x.id === updated.id ? updated : x)));
          act.announce(`${updated.term} saved.`);
          setEditing(null);
        }}
      />
      <LoadMore list={list} />
      <ConfirmDialog
        open={!!deleting}
        title={`Delete “${deleting?.term ?? ''}”?`}
        confirmLabel="Delete"
        danger
        busy={act.busy}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && void remove(deleting)}
      >
        <p>The engines stop favouring it from their next model build.</p>
      </ConfirmDialog>
    </>
  );
}
