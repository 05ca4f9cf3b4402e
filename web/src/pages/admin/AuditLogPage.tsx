import { type AuditEvent, type AuditFilter, adminApi } from '../../api/admin';
import { type Column, DataTable } from '../../components/DataTable';
import { InputFields, type InputSpec, useAppliedForm } from '../../components/Field';
import { ErrorNotice } from '../../components/Notice';
import { usePagedList } from '../../components/usePagedList';
import { localToIso } from '../../lib/report-format';

const EMPTY = { username: '', patientMrn: '', action: '', from: '', to: '' };
type Form = typeof EMPTY;

const FILTER_FIELDS: InputSpec<keyof Form>[] = [
  { name: 'username', label: 'Username', autoComplete: 'off' },
  { name: 'patientMrn', label: 'Patient MRN', autoComplete: 'off' },
  {
    name: 'action',
    label: 'Action',
    placeholder: 'e.g. document.filed or auth.*',
    autoComplete: 'off',
    'aria-describedby': 'audit-action-hint',
  },
  { name: 'from', label: 'From', type: 'datetime-local' },
  { name: 'to', label: 'To', type: 'datetime-local' },
];

function toFilter(f: Form): AuditFilter {
  return {
    username: f.username.trim() || undefined,
    patientMrn: f.patientMrn.trim() || undefined,
    action: f.action.trim() || undefined,
    from: localToIso(f.from),
    to: localToIso(f.to),
  };
}

const COLUMNS: Column<AuditEvent>[] = [
  {
    header: 'At',
    cellClassName: 'nowrap',
    cell: (r) => <time dateTime={r.at}>{new Date(r.at).toLocaleString()}</time>,
  },
  { header: 'Username', cell: (r) => r.username ?? <span className="muted">system</span> },
  { header: 'Role', cell: (r) => r.role ?? '' },
  { header: 'Action', cell: (r) => <code>{r.action}</code> },
  {
    header: 'Object',
    cell: (r) => (
      <>
        {r.objectType ?? ''}
        {r.objectId && (
          <span className="muted small mono" title={r.objectId}>
            {' '}
            {r.objectId.length > 13 ? `${r.objectId.slice(0, 8)}…` : r.objectId}
          </span>
        )}
      </>
    ),
  },
  { header: 'Patient MRN', cell: (r) => r.patientMrn ?? '' },
  { header: 'Address', cellClassName: 'mono small', cell: (r) => r.ip ?? '' },
];

/** GET /admin/audit: newest first, filtered, a page at a time ("Load more" follows nextCursor). */
export function AuditLogPage() {
  const { form, setForm, set, applied, setApplied, submit } = useAppliedForm<Form>(EMPTY);
  const list = usePagedList((cursor) => adminApi.audit(toFilter(applied), cursor), [applied]);
  const rows = list.items;

  return (
    <>
      <h1>Audit log</h1>
      <form className="panel form-row" onSubmit={submit} aria-label="Audit log filters">
        <InputFields fields={FILTER_FIELDS} form={form} set={set} />
        <button type="submit" className="primary" disabled={list.loading}>
          Search
        </button>
        <button
          type="button"
          onClick={() => {
            setForm(EMPTY);
            setApplied({ ...EMPTY });
          }}
        >
          Clear
        </button>
        <p id="audit-action-hint" className="muted small full-row">
          Exact action name, or a prefix ending in <code>*</code>. Times are your local time. Every search is
          itself audited.
        </p>
      </form>
      <ErrorNotice error={list.error} />
      <DataTable
        wrap
        variant="compact audit"
        label="Audit events, newest first"
        columns={COLUMNS}
        rows={rows}
        rowKey={(r) => r.id}
        loading={list.loading}
        empty="No audit events match."
      />
      <div className="list-footer">
        <span className="muted small" aria-live="polite">
          {list.loading && rows.length === 0
            ? 'Searching…'
            : `${rows.length} event${rows.length === 1 ? '' : 's'} shown${list.cursor ? '; more are older' : ''}`}
        </span>
        {list.cursor && (
          <button type="button" disabled={list.loading} onClick={() => void list.loadMore()}>
            {list.loading ? 'Loading…' : 'Load more'}
          </button>
        )}
      </div>
    </>
  );
}
