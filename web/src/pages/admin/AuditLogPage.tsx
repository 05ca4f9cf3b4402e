import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { type AuditEvent, type AuditFilter, adminApi } from '../../api/admin';
import { errorMessage } from '../../api/client';
import { useSession } from '../../auth/session';
import { localToIso } from '../../lib/report-format';

const EMPTY = { username: '', patientMrn: '', action: '', from: '', to: '' };
type Form = typeof EMPTY;

function toFilter(f: Form): AuditFilter {
  return {
    username: f.username.trim() || undefined,
    patientMrn: f.patientMrn.trim() || undefined,
    action: f.action.trim() || undefined,
    from: localToIso(f.from),
    to: localToIso(f.to),
  };
}

/** GET /admin/audit: newest first, filtered, a page at a time ("Load more" follows nextCursor). */
export function AuditLogPage() {
  const { epoch } = useSession();
  const [form, setForm] = useState<Form>(EMPTY);
  const [applied, setApplied] = useState<AuditFilter>({});
  const [rows, setRows] = useState<AuditEvent[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);

  // Only the latest request may fill the table: a slow earlier search must not overwrite a newer one.
  const latest = useRef(0);

  const load = useCallback(async (filter: AuditFilter, after: string | null) => {
    const seq = ++latest.current;
    setLoading(true);
    setError(null);
    // A new search: no rows of the previous one may pass for its results.
    if (!after) {
      setRows([]);
      setCursor(null);
    }
    try {
      const page = await adminApi.audit(filter, after);
      if (seq !== latest.current) return;
      setRows((prev) => (after ? [...prev, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (e) {
      if (seq === latest.current) setError(e);
    } finally {
      if (seq === latest.current) setLoading(false);
    }
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload after a re-sign-in (epoch)
  useEffect(() => {
    void load(applied, null);
  }, [applied, load, epoch]);

  function submit(e: FormEvent) {
    e.preventDefault();
    setApplied(toFilter(form));
  }

  const set = (k: keyof Form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });

  return (
    <>
      <h1>Audit log</h1>
      <form className="panel form-row" onSubmit={submit} aria-label="Audit log filters">
        <label className="field">
          <span className="field-label">Username</span>
          <input value={form.username} onChange={set('username')} autoComplete="off" />
        </label>
        <label className="field">
          <span className="field-label">Patient MRN</span>
          <input value={form.patientMrn} onChange={set('patientMrn')} autoComplete="off" />
        </label>
        <label className="field">
          <span className="field-label">Action</span>
          <input
            value={form.action}
            onChange={set('action')}
            placeholder="e.g. document.filed or auth.*"
            autoComplete="off"
            aria-describedby="audit-action-hint"
          />
        </label>
        <label className="field">
          <span className="field-label">From</span>
          <input type="datetime-local" value={form.from} onChange={set('from')} />
        </label>
        <label className="field">
          <span className="field-label">To</span>
          <input type="datetime-local" value={form.to} onChange={set('to')} />
        </label>
        <button type="submit" className="primary" disabled={loading}>
          Search
        </button>
        <button
          type="button"
          onClick={() => {
            setForm(EMPTY);
            setApplied({});
          }}
        >
          Clear
        </button>
        <p id="audit-action-hint" className="muted small full-row">
          Exact action name, or a prefix ending in <code>*</code>. Times are your local time. Every search is
          itself audited.
        </p>
      </form>
      {error ? (
        <p className="error" role="alert">
          {errorMessage(error)}
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="table compact audit" aria-label="Audit events, newest first">
          <thead>
            <tr>
              <th scope="col">At</th>
              <th scope="col">Username</th>
              <th scope="col">Role</th>
              <th scope="col">Action</th>
              <th scope="col">Object</th>
              <th scope="col">Patient MRN</th>
              <th scope="col">Address</th>
            </tr>
          </thead>
          <tbody aria-busy={loading}>
            {rows.map((r) => (
              <tr key={r.id}>
                <td className="nowrap">
                  <time dateTime={r.at}>{new Date(r.at).toLocaleString()}</time>
                </td>
                <td>{r.username ?? <span className="muted">system</span>}</td>
                <td>{r.role ?? ''}</td>
                <td>
                  <code>{r.action}</code>
                </td>
                <td>
                  {r.objectType ?? ''}
                  {r.objectId && (
                    <span className="muted small mono" title={r.objectId}>
                      {' '}
                      {r.objectId.length > 13 ? `${r.objectId.slice(0, 8)}…` : r.objectId}
                    </span>
                  )}
                </td>
                <td>{r.patientMrn ?? ''}</td>
                <td className="mono small">{r.ip ?? ''}</td>
              </tr>
            ))}
            {!loading && rows.length === 0 && (
              <tr>
                <td colSpan={7} className="empty">
                  No audit events match.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <div className="list-footer">
        <span className="muted small" aria-live="polite">
          {loading && rows.length === 0
            ? 'Searching…'
            : `${rows.length} event${rows.length === 1 ? '' : 's'} shown${cursor ? '; more are older' : ''}`}
        </span>
        {cursor && (
          <button type="button" disabled={loading} onClick={() => void load(applied, cursor)}>
            {loading ? 'Loading…' : 'Load more'}
          </button>
        )}
      </div>
    </>
  );
}
