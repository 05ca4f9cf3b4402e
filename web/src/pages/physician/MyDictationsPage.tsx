import { Fragment, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { Dictation, Page } from '../../api/types';
import { ConfirmDialog } from '../../components/Dialog';
import { Link } from '../../components/Link';
import { PriorityBadge, StatusBadge } from '../../components/StatusBadge';
import { useAsync } from '../../components/useAsync';
import { fmtClock, fmtDateTime } from '../../lib/format';
import { AuthorQuestions } from './AuthorQuestions';

const CANCELLABLE = new Set(['UPLOADED', 'QUEUED', 'DRAFT_READY']);

export function MyDictationsPage() {
  const [statusFilter, setStatusFilter] = useState('');
  const [extra, setExtra] = useState<Dictation[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const list = useAsync<Page<Dictation>>(
    async () => {
      const p = await api.dictations({ mine: true, status: statusFilter || undefined });
      setCursor(p.nextCursor);
      setExtra([]);
      return p;
    },
    [statusFilter],
    5000,
  );
  const [toCancel, setToCancel] = useState<Dictation | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const items = [
    ...(list.data?.items ?? []),
    ...extra.filter((e) => !list.data?.items.some((i) => i.id === e.id)),
  ];

  async function loadMore() {
    if (!cursor) return;
    const p = await api.dictations({ mine: true, status: statusFilter || undefined, cursor });
    setExtra((x) => [...x, ...p.items]);
    setCursor(p.nextCursor);
  }

  async function cancel() {
    if (!toCancel) return;
    setBusy(true);
    try {
      await api.cancel(toCancel.id);
      setMessage(`Dictation for ${toCancel.patient.name} cancelled.`);
      await list.reload();
    } catch (e) {
      setMessage(`Could not cancel: ${errorMessage(e)}`);
    } finally {
      setBusy(false);
      setToCancel(null);
    }
  }

  return (
    <div className="page">
      <div className="page-head">
        <h1>My dictations</h1>
        <label className="inline-field">
          Status{' '}
          <select value={statusFilter} onChange={(e) => setStatusFilter(e.target.value)}>
            <option value="">All</option>
            <option value="QUEUED">Queued</option>
            <option value="TRANSCRIBING">Transcribing</option>
            <option value="DRAFT_READY">Draft ready</option>
            <option value="IN_EDIT">In editing</option>
            <option value="FINALIZED">Finalized (awaiting signature)</option>
            <option value="SIGNED">Signed</option>
            <option value="FILED">Filed</option>
            <option value="CANCELLED">Cancelled</option>
          </select>
        </label>
        <span className="spacer" />
        <Link href="/dictate" className="button primary">
          New dictation
        </Link>
      </div>
      {message && (
        <p className="notice" role="status">
          {message}
        </p>
      )}
      {list.error ? (
        <p className="error" role="alert">
          {errorMessage(list.error)}
        </p>
      ) : null}
      <table className="table cards">
        <caption className="sr-only">My dictations, newest first; the status updates automatically.</caption>
        <thead>
          <tr>
            <th scope="col">Dictated</th>
            <th scope="col">Patient</th>
            <th scope="col">Work type</th>
            <th scope="col">Priority</th>
            <th scope="col">Length</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody aria-live="polite" aria-busy={list.loading}>
          {items.map((d) => (
            <Fragment key={d.id}>
              <tr className={d.questions ? 'has-questions' : undefined}>
                <td>{fmtDateTime(d.dictatedAt)}</td>
                <td>
                  <strong>{d.patient.name}</strong> <span className="muted small">MRN {d.patient.mrn}</span>
                </td>
                <td>{d.workType.name}</td>
                <td>
                  <PriorityBadge priority={d.priority} />
                </td>
                <td>{fmtClock(d.durationSec)}</td>
                <td>
                  <StatusBadge status={d.status} reason={d.statusReason} />
                  {d.possibleDuplicate && (
                    <span className="badge dup" title="The same audio was uploaded before">
                      Possible duplicate
                    </span>
                  )}
                  {!!d.questions && (
                    <span className="badge questions" title="The transcriptionist has a question for you">
                      {d.questions === 1 ? 'Question' : `Questions: ${d.questions}`}
                    </span>
                  )}
                </td>
                <td className="actions">
                  {d.status === 'FINALIZED' && d.workType.requiresSignature && (
                    <Link href={`/review/${d.id}`} className="button primary small">
                      Review &amp; sign
                    </Link>
                  )}
                  {d.documentId && !(d.status === 'FINALIZED' && d.workType.requiresSignature) && (
                    <Link href={`/review/${d.id}`} className="button small">
                      View report
                    </Link>
                  )}
                  {CANCELLABLE.has(d.status) && (
                    <button
                      type="button"
                      className="small"
                      onClick={() => setToCancel(d)}
                      aria-label={`Cancel dictation for ${d.patient.name}`}
                    >
                      Cancel
                    </button>
                  )}
                </td>
              </tr>
              {!!d.questions && (
                <tr className="questions-row">
                  <td colSpan={7}>
                    <AuthorQuestions dictation={d} onAnswered={() => void list.reload()} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
          {!list.loading && items.length === 0 && (
            <tr>
              <td colSpan={7} className="empty">
                No dictations yet. <Link href="/dictate">Record or upload one.</Link>
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {cursor && (
        <button type="button" onClick={() => void loadMore()}>
          Load more
        </button>
      )}
      <ConfirmDialog
        open={!!toCancel}
        title="Cancel this dictation?"
        confirmLabel="Cancel dictation"
        danger
        busy={busy}
        onConfirm={() => void cancel()}
        onCancel={() => setToCancel(null)}
      >
        <p>
          The dictation for <strong>{toCancel?.patient.name}</strong> ({toCancel?.workType.name}) will not be
          transcribed. The audio is kept.
        </p>
      </ConfirmDialog>
    </div>
  );
}
