import { type FormEvent, useState } from 'react';
import { adminApi } from '../../api/admin';
import { errorMessage } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { useAsync } from '../../components/useAsync';
import { type EditField, EditFieldsDialog } from './EditFieldsDialog';

const EMPTY = {
  code: '',
  name: '',
  loinc: '',
  requiresSignature: false,
  stat: '4',
  routine: '24',
  template: '',
};

/** GET/POST /work-types: code, name, LOINC document type, signature requirement, TAT, headings. */
export function WorkTypesPage() {
  const list = useAsync(() => adminApi.workTypes(), []);
  const [form, setForm] = useState(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ code: string; fields: EditField[] } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const template = form.template
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .join('\n');
      const w = await adminApi.createWorkType({
        code: form.code.trim(),
        name: form.name.trim(),
        loinc: form.loinc.trim(),
        requiresSignature: form.requiresSignature,
        tatHours: { STAT: Number(form.stat), ROUTINE: Number(form.routine) },
        template: template || null,
      });
      setForm(EMPTY);
      setDone(`Work type ${w.name} (${w.code}) created.`);
      await list.reload();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const items = list.data ?? [];
  return (
    <>
      <h1>Work types</h1>
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      {list.error ? (
        <p className="error" role="alert">
          {errorMessage(list.error)}
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="table" aria-label="Work types">
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Name</th>
              <th scope="col">LOINC</th>
              <th scope="col">Author signature</th>
              <th scope="col" className="num">
                TAT STAT
              </th>
              <th scope="col" className="num">
                TAT routine
              </th>
              <th scope="col">Template headings</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody aria-busy={list.loading}>
            {items.map((w) => (
              <tr key={w.code}>
                <td>
                  <code>{w.code}</code>
                </td>
                <td>{w.name}</td>
                <td>{w.loinc}</td>
                <td>{w.requiresSignature ? 'Required' : 'Not required'}</td>
                <td className="num">{w.tatHours.STAT} h</td>
                <td className="num">{w.tatHours.ROUTINE} h</td>
                <td className="headings small">{w.template ? w.template.split('\n').join(' · ') : ''}</td>
                <td className="actions">
                  <button
                    type="button"
                    className="small"
                    aria-label={`Edit ${w.name}`}
                    onClick={() =>
                      setEditing({
                        code: w.code,
                        fields: [
                          { name: 'name', label: 'Name', value: w.name },
                          { name: 'loinc', label: 'LOINC code', value: w.loinc },
                          {
                            name: 'requiresSignature',
                            label: 'The author signs',
                            kind: 'checkbox',
                            value: w.requiresSignature,
                          },
                          {
                            name: 'STAT',
                            label: 'Turnaround STAT (hours)',
                            kind: 'number',
                            value: String(w.tatHours.STAT),
                          },
                          {
                            name: 'ROUTINE',
                            label: 'Turnaround routine (hours)',
                            kind: 'number',
                            value: String(w.tatHours.ROUTINE),
                          },
                          {
                            name: 'template',
                            label: 'Template headings (one per line)',
                            kind: 'textarea',
                            value: w.template ?? '',
                          },
                        ],
                      })
                    }
                  >
                    Edit
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <EditFieldsDialog
        title={`Edit work type ${editing?.code ?? ''}`}
        fields={editing?.fields ?? null}
        onClose={() => setEditing(null)}
        onSave={async (c) => {
          if (!editing) return;
          const tat = {
            ...(c.STAT !== undefined ? { STAT: Number(c.STAT) } : {}),
            ...(c.ROUTINE !== undefined ? { ROUTINE: Number(c.ROUTINE) } : {}),
          };
          await adminApi.updateWorkType(editing.code, {
            ...(typeof c.name === 'string' ? { name: c.name.trim() } : {}),
            ...(typeof c.loinc === 'string' ? { loinc: c.loinc.trim() } : {}),
            ...(typeof c.requiresSignature === 'boolean' ? { requiresSignature: c.requiresSignature } : {}),
            ...(Object.keys(tat).length ? { tatHours: tat } : {}),
            ...(typeof c.template === 'string' ? { template: c.template.trim() || null } : {}),
          });
          setDone(`Work type ${editing.code} saved.`);
          setEditing(null);
          await list.reload();
        }}
      />

      <section className="panel section-gap" aria-labelledby="new-wt-title">
        <h2 id="new-wt-title">New work type</h2>
        <form onSubmit={submit}>
          <div className="form-row">
            <label className="field">
              <span className="field-label">Code</span>
              <input
                value={form.code}
                onChange={(e) => setForm({ ...form, code: e.target.value })}
                required
                maxLength={32}
                pattern="[A-Za-z0-9_\-]+"
                title="Letters, digits, _ and -"
                size={12}
              />
            </label>
            <label className="field">
              <span className="field-label">Name</span>
              <input
                value={form.name}
                onChange={(e) => setForm({ ...form, name: e.target.value })}
                required
                maxLength={200}
              />
            </label>
            <label className="field">
              <span className="field-label">LOINC document type</span>
              <input
                value={form.loinc}
                onChange={(e) => setForm({ ...form, loinc: e.target.value })}
                required
                placeholder="e.g. 11506-3"
                pattern="\d{1,7}-\d"
                title="A LOINC code such as 11506-3"
                size={10}
              />
            </label>
            <label className="field">
              <span className="field-label">TAT STAT (hours)</span>
              <input
                type="number"
                min={1}
                max={720}
                value={form.stat}
                onChange={(e) => setForm({ ...form, stat: e.target.value })}
                required
                className="narrow"
              />
            </label>
            <label className="field">
              <span className="field-label">TAT routine (hours)</span>
              <input
                type="number"
                min={1}
                max={2160}
                value={form.routine}
                onChange={(e) => setForm({ ...form, routine: e.target.value })}
                required
                className="narrow"
              />
            </label>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={form.requiresSignature}
                onChange={(e) => setForm({ ...form, requiresSignature: e.target.checked })}
              />{' '}
              Author signature required before filing
            </label>
          </div>
          <label className="field section-gap">
            <span className="field-label">Template headings (one per line)</span>
            <textarea
              rows={4}
              value={form.template}
              onChange={(e) => setForm({ ...form, template: e.target.value })}
              placeholder={'HISTORY OF PRESENT ILLNESS\nASSESSMENT\nPLAN'}
            />
          </label>
          <ErrorText message={error} />
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Creating…' : 'Create work type'}
            </button>
          </div>
        </form>
      </section>
    </>
  );
}
